package io.datafs.core.remote;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of a datafs remote (DESIGN.md, "Where things live"):
 * <pre>
 * datafs.json                      format version, chunker params (written once)
 * packs/&lt;aa&gt;/&lt;pack-id&gt;             immutable
 * index/&lt;pack-id&gt;                  the pack's index, for cheap sync
 * versions/&lt;dataset&gt;/&lt;N&gt;.json      create-only: the version record
 * tags/&lt;dataset&gt;/&lt;tag&gt;.json        create-only
 * labels/&lt;aa&gt;/&lt;event-id&gt;.json    a label event, named by the hash of its content
 * datasets/&lt;dataset&gt;/meta/&lt;N&gt;.json create-only: the dataset's own metadata, record N
 * gc/pending/&lt;random&gt;.json          create-only: a push under way and the packs it needs (GC protocol)
 * gc/running.json                  create-only: a GC of the remote under way
 * tree/&lt;aa&gt;/&lt;object-id&gt;            a tree page or chunk list with where its chunks are (located object)
 * </pre>
 * Keys read back from a remote are parsed here and their names validated, so a remote cannot smuggle a
 * dataset or tag name that a local store would refuse.
 */
public final class RemoteLayout {
  public static final RemoteKey FORMAT = RemoteKey.of("datafs.json");
  public static final String PACKS = "packs/";
  public static final String INDEXES = "index/";
  public static final String VERSIONS = "versions/";
  public static final String TAGS = "tags/";
  public static final String LABELS = "labels/";
  public static final String DATASETS = "datasets/";
  public static final String REMOVED = "removed/";
  /** Pushers' markers: a GC keeps every pack one names (ARCHITECTURE.md, "GC of a remote"). */
  public static final String GC_PENDING = "gc/pending/";
  /** There while a GC of the remote runs: pushers stop before uploading. */
  public static final RemoteKey GC_RUNNING = RemoteKey.of("gc/running.json");
  /** Located objects: what a lazy mount reads a tree from, a page at a time (ARCHITECTURE.md, "Lazy metadata"). */
  public static final String TREE = "tree/";

  private static final Pattern VERSION = Pattern.compile("versions/([^/]+)/([1-9][0-9]{0,17})\\.json");
  private static final Pattern TAG = Pattern.compile("tags/([^/]+)/([^/]+)\\.json");
  private static final Pattern PACK = Pattern.compile("packs/([0-9a-f]{2})/([0-9a-f]{64})");
  private static final Pattern INDEX = Pattern.compile("index/([0-9a-f]{64})");
  private static final Pattern META = Pattern.compile("datasets/([^/]+)/meta/([1-9][0-9]{0,17})\\.json");
  private static final Pattern TREE_OBJECT = Pattern.compile("tree/([0-9a-f]{2})/([0-9a-f]{64})");
  private static final Pattern LABEL = Pattern.compile("labels/([0-9a-f]{2})/([0-9a-f]{64})\\.json");

  /** A version record's key, parsed. */
  public record VersionKey(DatasetName dataset, long number) {}

  /** A tag's key, parsed. */
  public record TagKey(DatasetName dataset, TagName tag) {}

  private RemoteLayout() {}

  public static RemoteKey pack(ObjectId packId) {
    String hex = packId.hex();
    return RemoteKey.of(PACKS + hex.substring(0, 2) + "/" + hex);
  }

  /** The located object of a tree page or chunk list. */
  public static RemoteKey tree(ObjectId objectId) {
    String hex = objectId.hex();
    return RemoteKey.of(TREE + hex.substring(0, 2) + "/" + hex);
  }

  /** A located object's key, parsed: the id of the page or chunk list it holds. */
  public static ObjectId parseTree(RemoteKey key) {
    Matcher m = match(TREE_OBJECT, key, "a located tree object");
    if (!m.group(2).startsWith(m.group(1))) {
      throw new InvalidInputException("remote key " + key + " is not a located tree object");
    }
    return ObjectId.fromHex(m.group(2));
  }

  /** A new pusher's marker, under a random name no other pusher takes. */
  public static RemoteKey gcPending(String random) {
    return RemoteKey.of(GC_PENDING + random + ".json");
  }

  public static RemoteKey index(ObjectId packId) {
    return RemoteKey.of(INDEXES + packId.hex());
  }

  public static RemoteKey labelEvent(ObjectId eventId) {
    String hex = eventId.hex();
    return RemoteKey.of(LABELS + hex.substring(0, 2) + "/" + hex + ".json");
  }

  public static RemoteKey version(DatasetName dataset, long number) {
    if (number < 1) throw new IllegalArgumentException("version numbers start at 1: " + number);
    return RemoteKey.of(VERSIONS + dataset.value() + "/" + number + ".json");
  }

  /**
   * The tombstone of a version record {@code datafs rm --remote} removed: the removed record itself, under its number
   * and id (create-only; a number removed, published again and removed again has one per id).
   */
  public static RemoteKey removed(DatasetName dataset, long number, ObjectId id) {
    if (number < 1) throw new IllegalArgumentException("version numbers start at 1: " + number);
    return RemoteKey.of(REMOVED + dataset.value() + "/" + number + "-" + id.hex() + ".json");
  }

  /** The prefix of every version record of a dataset. */
  public static String versions(DatasetName dataset) {
    return VERSIONS + dataset.value() + "/";
  }

  /** Record {@code number} of the dataset's own metadata. */
  public static RemoteKey meta(DatasetName dataset, long number) {
    if (number < 1) throw new IllegalArgumentException("metadata records start at 1: " + number);
    return RemoteKey.of(DATASETS + dataset.value() + "/meta/" + number + ".json");
  }

  /** The prefix of every metadata record of a dataset. */
  public static String metas(DatasetName dataset) {
    return DATASETS + dataset.value() + "/meta/";
  }

  /** A dataset metadata record's key, parsed: its dataset and number. */
  public static VersionKey parseMeta(RemoteKey key) {
    Matcher m = match(META, key, "a dataset metadata record");
    return new VersionKey(dataset(m.group(1), key), Long.parseLong(m.group(2)));
  }

  public static RemoteKey tag(DatasetName dataset, TagName tag) {
    return RemoteKey.of(TAGS + dataset.value() + "/" + tag.value() + ".json");
  }

  /** The prefix of every tag of a dataset. */
  public static String tags(DatasetName dataset) {
    return TAGS + dataset.value() + "/";
  }

  public static VersionKey parseVersion(RemoteKey key) {
    Matcher m = match(VERSION, key, "a version record");
    return new VersionKey(dataset(m.group(1), key), Long.parseLong(m.group(2)));
  }

  public static TagKey parseTag(RemoteKey key) {
    Matcher m = match(TAG, key, "a tag");
    try {
      return new TagKey(dataset(m.group(1), key), new TagName(m.group(2)));
    } catch (InvalidInputException e) {
      throw new InvalidInputException("remote key " + key + " names an invalid tag");
    }
  }

  /**
   * The tag a key of {@link #tags(DatasetName)} names, as written and unchecked: an older datafs allowed tags this one
   * refuses. Null when the key is not a tag's key at all.
   */
  public static String tagAsWritten(RemoteKey key) {
    Matcher m = TAG.matcher(key.value());
    return m.matches() ? m.group(2) : null;
  }

  public static ObjectId parsePack(RemoteKey key) {
    Matcher m = match(PACK, key, "a pack");
    if (!m.group(2).startsWith(m.group(1))) throw new InvalidInputException("remote key " + key + " is not a pack");
    return ObjectId.fromHex(m.group(2));
  }

  public static ObjectId parseIndex(RemoteKey key) {
    return ObjectId.fromHex(match(INDEX, key, "a pack index").group(1));
  }

  public static ObjectId parseLabelEvent(RemoteKey key) {
    Matcher m = match(LABEL, key, "a label event");
    if (!m.group(2).startsWith(m.group(1))) {
      throw new InvalidInputException("remote key " + key + " is not a label event");
    }
    return ObjectId.fromHex(m.group(2));
  }

  private static Matcher match(Pattern p, RemoteKey key, String what) {
    Matcher m = p.matcher(key.value());
    if (!m.matches()) throw new InvalidInputException("remote key " + key + " is not " + what);
    return m;
  }

  private static DatasetName dataset(String name, RemoteKey key) {
    try {
      return new DatasetName(name);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("remote key " + key + " names an invalid dataset");
    }
  }
}
