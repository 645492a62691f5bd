package io.datafs.core.version;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Datasets, their versions and tags, over the KV tables VERSIONS, VERSION_IDS and REFS.
 *
 * <p>Keys: VERSIONS {@code dataset 0x00 number(8, big-endian)}; VERSION_IDS {@code id(32)} to the same;
 * REFS {@code "head" 0x00 dataset} to the latest number and {@code "tag" 0x00 dataset 0x00 tag} to a number.
 * Version numbers and tags are create-only: {@link #publish} and {@link #tag} refuse to overwrite. Once a version or
 * tag is in the index, the {@link CatalogMirror} is told.
 */
public final class Catalog {
  private final KvStore kv;
  private final CatalogMirror mirror;

  CatalogMirror mirror() {
    return mirror;
  }

  public Catalog(KvStore kv) {
    this(kv, CatalogMirror.NONE);
  }

  /** A catalog that tells {@code mirror} of each version and tag it publishes, after the index holds it. */
  public Catalog(KvStore kv, CatalogMirror mirror) {
    this.kv = kv;
    this.mirror = mirror;
  }

  public List<DatasetName> datasets() {
    List<DatasetName> out = new ArrayList<>();
    byte[] prefix = refKey("head", "");
    kv.scan(Table.REFS, prefix, (k, v) -> {
      out.add(new DatasetName(new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8)));
      return true;
    });
    return out;
  }

  /** The latest version number, or 0 when the dataset has none. */
  public long head(DatasetName ds) {
    byte[] v = kv.get(Table.REFS, refKey("head", ds.value()));
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  public Optional<Version> version(DatasetName ds, long number) {
    byte[] json = kv.get(Table.VERSIONS, versionKey(ds, number));
    return json == null ? Optional.empty() : Optional.of(VersionCodec.decode(json));
  }

  /** Every version of a dataset, oldest first. */
  public List<Version> versions(DatasetName ds) {
    List<Version> out = new ArrayList<>();
    kv.scan(Table.VERSIONS, datasetPrefix(ds), (k, v) -> {
      out.add(VersionCodec.decode(v));
      return true;
    });
    return out;
  }

  public Version resolve(VersionAddress a) {
    DatasetName ds = a.dataset();
    long head = head(ds);
    if (head == 0) throw new NotFoundException("no dataset named '" + ds + "'");
    if (a.isLatest()) return require(ds, head, a);
    long n = a.number();
    if (n >= 0) return require(ds, n, a);
    if (SemverRange.looksLikeRange(a.selector())) {
      Map<String, Long> tags = tags(ds);
      Semver best = SemverRange.parse(a.selector()).highestOf(ds, tags.keySet());
      return require(ds, tags.get(best.toString()), a);
    }
    Long tagged = tags(ds).get(a.selector());
    if (tagged != null && TagName.isValid(a.selector())) return require(ds, tagged, a);
    if (a.selector().matches("[0-9a-fA-F]{4,64}")) {
      List<Version> hits = byIdPrefix(a.selector()).stream()
          .filter(v -> v.record().dataset().equals(ds.value())).toList();
      if (hits.size() == 1) return hits.get(0);
      if (hits.size() > 1) throw new InvalidInputException("version id prefix '" + a.selector() + "' is ambiguous in "
          + ds);
    }
    if (tagged != null) { // made by an older datafs, whose rules allowed it: listed, but it names nothing now
      throw new InvalidInputException("tag '" + a.selector() + "' of " + ds + " (v" + tagged + ") is no longer valid: "
          + TagName.problem(a.selector()) + "; tag v" + tagged + " again under a valid name");
    }
    throw new NotFoundException("no version '" + a.selector() + "' in dataset '" + ds + "' (latest is v" + head + ")");
  }

  private Version require(DatasetName ds, long n, VersionAddress a) {
    return version(ds, n).orElseThrow(() -> new NotFoundException(
        "no version v" + n + " in dataset '" + ds + "' (latest is v" + head(ds) + ")"));
  }

  /** Versions of any dataset whose id starts with the hex prefix. */
  public List<Version> byIdPrefix(String hex) {
    String lower = hex.toLowerCase();
    byte[] prefix = HexFormat.of().parseHex(lower.substring(0, lower.length() & ~1));
    List<Version> out = new ArrayList<>();
    kv.scan(Table.VERSION_IDS, prefix, (k, v) -> {
      if (HexFormat.of().formatHex(k).startsWith(lower)) {
        ByteBuffer b = ByteBuffer.wrap(v);
        int nul = indexOf(v, (byte) 0);
        DatasetName ds = new DatasetName(new String(v, 0, nul, StandardCharsets.UTF_8));
        version(ds, b.getLong(nul + 1)).ifPresent(out::add);
      }
      return true;
    });
    return out;
  }

  /**
   * Adds {@code v} as the next version of its dataset, together with {@code extra} rows, in one durable write.
   * Fails with a conflict when the number is taken or is not the next one.
   */
  public synchronized void publish(Version v, KvBatch extra) {
    publish(v, List.of(), extra);
  }

  /**
   * {@link #publish(Version, KvBatch)} with {@code tags} of the new version (its semantic version) in the same write,
   * so it never exists without them. Fails with a conflict, writing nothing, when a tag is taken.
   */
  public synchronized void publish(Version v, List<TagName> newTags, KvBatch extra) {
    publish(v, newTags, extra, false);
  }

  /**
   * Adds {@code v} above the head of its dataset after versions that were removed (the caller checked that the
   * version before it was removed: its tombstone names its parent), as a repair of a lost index restores a history
   * {@code retain} thinned, or a pull brings one a remote thinned.
   *
   * @param removedParent the tombstone of the version before {@code v}, for the mirror to keep; null when kept already
   */
  public synchronized void publishAfterRemoved(Version v, Version removedParent) {
    if (removedParent != null) {
      if (!removedParent.id().hex().equals(v.record().parent())
          || removedParent.record().number() != v.record().number() - 1) {
        throw new IllegalArgumentException(removedParent.label() + " is not the parent of " + v.label());
      }
      mirror.retired(removedParent);
    }
    publish(v, List.of(), new KvBatch(), true);
  }

  private void publish(Version v, List<TagName> newTags, KvBatch extra, boolean afterRemoved) {
    VersionRecord r = v.record();
    DatasetName ds = r.datasetName();
    long head = head(ds);
    if (afterRemoved ? r.number() <= head : r.number() != head + 1) {
      throw new ConflictException(ds + "@v" + r.number() + " cannot be published: latest is v" + head);
    }
    for (TagName tag : newTags) {
      byte[] key = refKey("tag", ds.value(), tag.value());
      byte[] old = kv.get(Table.REFS, key);
      if (old != null) {
        throw new ConflictException("tag '" + tag + "' already names " + ds + "@v" + ByteBuffer.wrap(old).getLong());
      }
      extra.put(Table.REFS, key, ByteBuffer.allocate(8).putLong(r.number()).array());
    }
    ByteBuffer num = ByteBuffer.allocate(8).putLong(r.number());
    byte[] where = ByteBuffer.allocate(ds.value().length() + 9).put(ds.value().getBytes(StandardCharsets.UTF_8))
        .put((byte) 0).putLong(r.number()).array();
    extra.put(Table.VERSIONS, versionKey(ds, r.number()), VersionCodec.encode(r))
        .put(Table.VERSION_IDS, v.id().toBytes(), where)
        .put(Table.REFS, refKey("head", ds.value()), num.array())
        .sync();
    kv.write(extra);
    mirror.published(v);
    for (TagName tag : newTags) mirror.tagged(v, tag);
  }

  /**
   * Removes the newest versions of {@code ds}, {@code from} up to its head, with their ids and the tags naming them,
   * in one durable write together with {@code extra}; the head becomes {@code from - 1}, and a dataset left with no
   * version is gone. Only the newest: every version names the one before it, so the rest stays a whole history.
   */
  public synchronized void drop(DatasetName ds, long from, KvBatch extra) {
    long head = head(ds);
    if (from < 1 || from > head) {
      throw new IllegalArgumentException(ds + ": no versions from v" + from + " (head v" + head + ")");
    }
    for (long n = from; n <= head; n++) {
      version(ds, n).ifPresent(v -> extra.delete(Table.VERSION_IDS, v.id().toBytes()));
      extra.delete(Table.VERSIONS, versionKey(ds, n));
    }
    for (Map.Entry<String, Long> t : tags(ds).entrySet()) {
      if (t.getValue() >= from) extra.delete(Table.REFS, refKey("tag", ds.value(), t.getKey()));
    }
    if (from == 1) {
      extra.delete(Table.REFS, refKey("head", ds.value()));
    } else {
      extra.put(Table.REFS, refKey("head", ds.value()), ByteBuffer.allocate(8).putLong(from - 1).array());
    }
    kv.write(extra.sync());
  }

  /**
   * Removes versions below the head of their dataset ({@code plan}), with their ids and the tags naming them, in one
   * durable write. The head stays, so no number is taken again; the versions after a removed one name it as their
   * parent, which readers accept by its tombstone ({@code records/removed/}).
   */
  public synchronized void dropBelowHead(Pruning plan) {
    DatasetName ds = plan.dataset();
    KvBatch batch = new KvBatch();
    for (Version v : plan.versions()) {
      if (v.record().number() >= head(ds)) throw new IllegalArgumentException(v.label() + " is the head");
      batch.delete(Table.VERSION_IDS, v.id().toBytes()).delete(Table.VERSIONS, versionKey(ds, v.record().number()));
    }
    for (Map.Entry<String, Long> t : tags(ds).entrySet()) {
      if (plan.removes(t.getValue())) batch.delete(Table.REFS, refKey("tag", ds.value(), t.getKey()));
    }
    kv.write(batch.sync());
  }

  public Map<String, Long> tags(DatasetName ds) {
    Map<String, Long> out = new LinkedHashMap<>();
    byte[] prefix = refKey("tag", ds.value(), "");
    kv.scan(Table.REFS, prefix, (k, v) -> {
      out.put(new String(k, prefix.length, k.length - prefix.length, StandardCharsets.UTF_8),
          ByteBuffer.wrap(v).getLong());
      return true;
    });
    return out;
  }

  /** Tags a version; a tag is create-only (re-tagging the same version is a no-op). */
  public synchronized void tag(Version v, TagName tag) {
    DatasetName ds = v.record().datasetName();
    byte[] key = refKey("tag", ds.value(), tag.value());
    byte[] old = kv.get(Table.REFS, key);
    if (old != null) {
      long n = ByteBuffer.wrap(old).getLong();
      if (n == v.record().number()) return;
      throw new ConflictException("tag '" + tag + "' already names " + ds + "@v" + n);
    }
    kv.write(new KvBatch().put(Table.REFS, key, ByteBuffer.allocate(8).putLong(v.record().number()).array()).sync());
    mirror.tagged(v, tag);
  }

  private static byte[] datasetPrefix(DatasetName ds) {
    byte[] name = ds.value().getBytes(StandardCharsets.UTF_8);
    byte[] k = new byte[name.length + 1];
    System.arraycopy(name, 0, k, 0, name.length);
    return k;
  }

  private static byte[] versionKey(DatasetName ds, long number) {
    byte[] p = datasetPrefix(ds);
    return ByteBuffer.allocate(p.length + 8).put(p).putLong(number).array();
  }

  private static byte[] refKey(String... parts) {
    return String.join("\0", parts).getBytes(StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) if (a[i] == b) return i;
    return -1;
  }
}
