package io.datafs.core.sync;

import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.dataset.DatasetMetaCodec;
import io.datafs.core.dataset.DatasetMetaRecord;
import io.datafs.core.dataset.MetaCatalog;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.version.DatasetName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A dataset's own metadata records both ways, with the dataset's push and pull: {@code datasets/<ds>/meta/<N>.json},
 * create-only, as version records are. Push creates the records the remote lacks, oldest first, after checking that
 * every record both hold is the same (a different one means another store set the metadata first: a conflict, found
 * before anything is created). Pull reads the remote's whole chain, each record checked as a local store would write
 * it (canonical JSON under its own dataset and number, under the cap of {@link RemoteLimits#META_RECORD}) and each
 * naming the one before it as its parent (else one of the two was changed after it was published), before it
 * publishes the records this store lacks; a record both hold that differs is a conflict (the metadata diverged), with
 * nothing stored.
 */
public final class MetaSync {
  private final MetaCatalog local;

  public MetaSync(MetaCatalog local) {
    this.local = local;
  }

  /**
   * Creates on {@code remote} the metadata records of {@code datasets} it lacks; returns those created.
   *
   * @throws ConflictException when the remote holds another record under a number this store has (then nothing is
   *     created), or another store created one first while this push ran
   */
  public List<DatasetMeta> push(Remote remote, List<DatasetName> datasets) {
    List<DatasetMeta> missing = new ArrayList<>();
    for (DatasetName ds : datasets) {
      List<DatasetMeta> mine = local.history(ds);
      if (mine.isEmpty()) continue;
      SortedSet<Long> theirs = numbers(remote, ds);
      for (DatasetMeta m : mine) {
        if (!theirs.contains(m.record().number())) {
          missing.add(m);
        } else if (!read(remote, ds, m.record().number()).id().equals(m.id())) {
          throw setFirst(remote, m);
        }
      }
    }
    for (DatasetMeta m : missing) {
      byte[] bytes = DatasetMetaCodec.encode(m.record());
      RemoteKey key = RemoteLayout.meta(m.record().datasetName(), m.record().number());
      if (remote.create(key, bytes) == CreateResult.ALREADY_EXISTS
          && !Arrays.equals(remote.read(key, 0, bytes.length + 1), bytes)) {
        throw setFirst(remote, m); // lost the race for the number
      }
    }
    return missing;
  }

  /**
   * Publishes here the metadata records of {@code ds} that {@code remote} has and this store lacks, after checking the
   * remote's whole chain; returns those published.
   *
   * @throws CorruptObjectException when a remote record is damaged or breaks the chain
   * @throws ConflictException when the remote holds another record under a number this store has
   */
  public List<DatasetMeta> pull(Remote remote, DatasetName ds) {
    List<DatasetMeta> theirs = chain(remote, ds);
    List<DatasetMeta> mine = local.history(ds);
    List<DatasetMeta> added = new ArrayList<>();
    for (DatasetMeta m : theirs) {
      int i = (int) m.record().number() - 1;
      if (i >= mine.size()) {
        added.add(m);
      } else if (!mine.get(i).id().equals(m.id())) {
        throw new ConflictException(m.label() + " here is another record than the remote's (" + remote.url()
            + "): the metadata diverged, another store set it too");
      }
    }
    added.forEach(local::publish);
    return added;
  }

  /** Every metadata record of {@code ds} on {@code remote}, oldest first, each the parent of the next; checked. */
  public static List<DatasetMeta> chain(Remote remote, DatasetName ds) {
    List<DatasetMeta> out = new ArrayList<>();
    DatasetMeta previous = null;
    for (long n : numbers(remote, ds)) {
      if (n != out.size() + 1) {
        throw damaged(remote, RemoteLayout.metas(ds) + " lacks record " + (out.size() + 1) + " below " + n);
      }
      DatasetMeta m = read(remote, ds, n);
      String parent = previous == null ? null : previous.id().hex();
      if (!Objects.equals(m.record().parent(), parent)) {
        RemoteKey key = RemoteLayout.meta(ds, n);
        throw new CorruptObjectException(m.id(), "remote " + remote.url() + ": " + key + " names "
            + (m.record().parent() == null ? "no parent" : shortly(m.record().parent()) + " as its parent")
            + ", but " + (previous == null ? "it is the first record" : RemoteLayout.meta(ds, n - 1) + " hashes to "
            + previous.id().shortHex(12)) + ": one of them was changed after it was published");
      }
      out.add(m);
      previous = m;
    }
    return out;
  }

  /**
   * The datasets {@code remote} holds metadata records of; a key no datafs writes under {@code datasets/} is damage.
   */
  public static SortedSet<DatasetName> datasets(Remote remote) {
    SortedSet<DatasetName> out = new TreeSet<>();
    for (RemoteKey k : remote.list(RemoteLayout.DATASETS)) {
      try {
        out.add(RemoteLayout.parseMeta(k).dataset());
      } catch (InvalidInputException e) {
        throw damaged(remote, e.getMessage());
      }
    }
    return out;
  }

  /** The record numbers {@code remote} holds for {@code ds}; a key no datafs writes there is damage. */
  private static SortedSet<Long> numbers(Remote remote, DatasetName ds) {
    SortedSet<Long> out = new TreeSet<>();
    for (RemoteKey k : remote.list(RemoteLayout.metas(ds))) {
      try {
        RemoteLayout.VersionKey mk = RemoteLayout.parseMeta(k);
        if (mk.dataset().equals(ds)) out.add(mk.number());
      } catch (InvalidInputException e) {
        throw damaged(remote, e.getMessage());
      }
    }
    return out;
  }

  private static DatasetMeta read(Remote remote, DatasetName ds, long n) {
    RemoteKey key = RemoteLayout.meta(ds, n);
    byte[] bytes = RemoteLimits.read(remote, key, RemoteLimits.META_RECORD, "a dataset metadata record");
    DatasetMeta m;
    try {
      m = DatasetMetaCodec.decode(bytes, key + " of " + remote.url());
    } catch (CorruptObjectException e) {
      throw damaged(remote, e.getMessage());
    }
    if (!m.record().dataset().equals(ds.value()) || m.record().number() != n) {
      throw damaged(remote, key + " holds " + m.label());
    }
    if (m.record().format() > DatasetMetaRecord.FORMAT) {
      throw new DatafsException(key + " of " + remote.url() + " has format " + m.record().format()
          + "; this datafs reads up to " + DatasetMetaRecord.FORMAT + ": upgrade datafs");
    }
    return m;
  }

  private static String shortly(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private static ConflictException setFirst(Remote remote, DatasetMeta m) {
    return new ConflictException("the remote's " + m.label() + " is another record than this store's: another store"
        + " set the metadata of " + m.record().dataset() + " first (" + remote.url() + ")");
  }

  private static CorruptObjectException damaged(Remote remote, String why) {
    return new CorruptObjectException(null, "remote " + remote.url() + " is damaged: " + why);
  }
}
