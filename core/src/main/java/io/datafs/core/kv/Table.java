package io.datafs.core.kv;

/**
 * The tables of the local index. Each is one RocksDB column family; keys sort as unsigned bytes.
 * The layout of keys and values is owned by the classes named here, not by the store.
 */
public enum Table {
  /** Store-wide settings written once at init (format version, chunker parameters). {@code Settings}. */
  META("meta"),
  /** Chunk id -> where its bytes are in a data pack: pack id, offset, lengths, codec. {@code ObjectIndex}. */
  OBJECTS("objects"),
  /**
   * Metadata object id -> its encoded bytes (tree pages and chunk lists), for lazy lookup and listing without
   * opening packs. The metadata packs stay authoritative; these rows are their index. {@code MetadataObjects}.
   */
  METADATA("metadata"),
  /** Pack id -> kind, size and object count of every local pack. {@code ObjectIndex}. */
  PACKS("packs"),
  /** dataset NUL version-number(8 bytes BE) -> canonical version JSON. {@code Catalog}. */
  VERSIONS("versions"),
  /** version id -> dataset NUL number, for unique-prefix lookup. {@code Catalog}. */
  VERSION_IDS("version_ids"),
  /** "tag" NUL dataset NUL tag -> version number; "head" NUL dataset -> latest number. {@code Catalog}. */
  REFS("refs"),
  /**
   * remote reference NUL dataset NUL version-number(8 bytes BE) -> the id (32 bytes) that remote published as that
   * version, as this store pushed or pulled it. {@code io.datafs.core.sync.PublishedVersions}.
   */
  REMOTE_VERSIONS("remote_versions"),
  /**
   * Staging overlays of writable mounts: "m" overlay-id -> the overlay's record; "n" overlay-id NUL path -> one
   * staged node. {@code io.datafs.fs.overlay.OverlayRows}.
   */
  OVERLAYS("overlays"),
  /**
   * Parsed annotations and which versions are indexed: "a" annotation content id -> its JSON (compact), or a mark
   * that it is not valid JSON; "v" version id -> indexed. {@code io.datafs.core.annotate.AnnotationIndex}.
   */
  ANNOTATIONS("annotations"),
  /**
   * Labels of objects by content id, and the label events they come from: "e" event-id -> the event's canonical JSON;
   * "k" event-id -> its time; "s" object-id label -> the stamp that last set that label of that object (time, on or
   * off, event id); "c" -> the latest event time known. {@code io.datafs.core.label.LabelRows}.
   */
  LABELS("labels"),
  /**
   * Each dataset's own metadata (description, key/values) as a chain of records: dataset NUL number(8 bytes BE) -> the
   * record's canonical JSON. {@code io.datafs.core.dataset.MetaCatalog}.
   */
  DATASET_META("dataset_meta"),
  /**
   * Trees read lazily from a remote, a page at a time: "v" version id -> the remote it is read from (a
   * {@code RemoteRef}); "o" object id -> a tree page or chunk list fetched so (checked against its id on every read;
   * no local pack holds it, so it is not a METADATA row). {@code io.datafs.core.lazy.LazyVersions}.
   */
  LAZY("lazy");

  private final String columnFamily;

  Table(String columnFamily) {
    this.columnFamily = columnFamily;
  }

  public String columnFamily() {
    return columnFamily;
  }
}
