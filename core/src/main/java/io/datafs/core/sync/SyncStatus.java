package io.datafs.core.sync;

import io.datafs.core.id.ObjectId;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where each dataset stands against a remote, as {@code git status} against its upstream: the versions both hold (the
 * same number with the same id, so, records being chained, the same history up to it), those only this store holds
 * after them (ahead: not published there) and those only the remote holds (behind: not pulled here).
 *
 * <p>The common version is found from the top: the highest number both hold is compared first, and, records naming
 * their parent, a match there means every version below matches too; so a dataset in step costs one read of a record.
 * The record is read even when this store saw the remote publish that number: another store may have removed it
 * there and published another version under it since ({@link RemoteRemoval}), which makes the dataset diverged.
 */
public final class SyncStatus {
  /** One dataset: its latest number here and there (0: none), and the highest both hold alike (0: none). */
  public record Row(DatasetName dataset, long localHead, long remoteHead, long common) {
    /** Versions here after the common one: published nowhere on this remote. */
    public long ahead() {
      return localHead - common;
    }

    /** Versions on the remote after the common one: not pulled here. */
    public long behind() {
      return remoteHead - common;
    }

    public State state() {
      if (localHead == 0) return State.REMOTE_ONLY;
      if (remoteHead == 0) return State.LOCAL_ONLY;
      if (ahead() > 0 && behind() > 0) return State.DIVERGED;
      if (ahead() > 0) return State.AHEAD;
      if (behind() > 0) return State.BEHIND;
      return State.UP_TO_DATE;
    }
  }

  public enum State {
    LOCAL_ONLY("local only"), REMOTE_ONLY("remote only"), UP_TO_DATE("up to date"), AHEAD("ahead"),
    BEHIND("behind"), DIVERGED("diverged");

    private final String text;

    State(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private SyncStatus() {}

  /** Every dataset with a version here or on the remote, by name. */
  public static List<Row> of(Catalog local, RemoteCatalog remote) {
    SortedSet<DatasetName> names = new TreeSet<>(local.datasets());
    names.addAll(remote.datasets());
    List<Row> rows = new ArrayList<>();
    for (DatasetName ds : names) rows.add(of(local, remote, ds));
    return rows;
  }

  /** @param remote a catalog that holds no promise of ids: what is there now is compared, not what was */
  public static Row of(Catalog local, RemoteCatalog remote, DatasetName ds) {
    long localHead = local.head(ds);
    long remoteHead = remote.head(ds);
    long n = Math.min(localHead, remoteHead);
    for (; n > 0; n--) {
      ObjectId here = local.version(ds, n).map(Version::id).orElse(null);
      Version there = remote.find(ds, n);
      if (here != null && there != null && here.equals(there.id())) break;
    }
    return new Row(ds, localHead, remoteHead, n);
  }
}
