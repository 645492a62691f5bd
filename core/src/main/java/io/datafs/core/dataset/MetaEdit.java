package io.datafs.core.dataset;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.version.DatasetName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code dataset create} or {@code dataset set} asks: a new description (null keeps it), keys to set and keys to
 * remove. Checked as version metadata is ({@link ImportOptions}: no empty key, nothing holding U+FFFD), and no key
 * may be {@code description}, the description's own name in {@code --where} queries.
 */
public record MetaEdit(String description, Map<String, String> set, List<String> unset, String author) {
  /** The most a record may be, as {@code RemoteLimits} reads it from a remote: set as much, never more. */
  public static final int MAX_RECORD = 16 << 20;

  public MetaEdit {
    set = set == null ? Map.of() : Map.copyOf(set);
    unset = unset == null ? List.of() : List.copyOf(unset);
    author = ImportOptions.authorOr(author);
    if (description != null && description.indexOf('\uFFFD') >= 0) {
      throw new InvalidInputException("invalid description: not valid UTF-8 (it holds U+FFFD, what bytes that are not"
          + " UTF-8 are read as)");
    }
    set.forEach(ImportOptions::checkMetadata);
    Set<String> both = new TreeSet<>(unset);
    both.retainAll(set.keySet());
    if (!both.isEmpty()) {
      throw new InvalidInputException("metadata key '" + both.iterator().next() + "' is both set and unset");
    }
    for (String k : set.keySet()) reserved(k);
    for (String k : unset) reserved(k);
  }

  private static void reserved(String key) {
    if (key.equals("description")) {
      throw new InvalidInputException("invalid metadata key 'description': it names the dataset's description (use"
          + " --description)");
    }
  }

  /**
   * The record this edit makes after {@code previous} (null: the dataset has none yet).
   *
   * @throws InvalidInputException when a key to remove is not there, when nothing would change, or when the record
   *     would be larger than {@link #MAX_RECORD}
   */
  public DatasetMeta apply(DatasetName ds, DatasetMeta previous) {
    Map<String, String> metadata = new TreeMap<>(previous == null ? Map.of() : previous.record().metadata());
    for (String k : unset) {
      if (metadata.remove(k) == null) throw new InvalidInputException(ds + " has no metadata key '" + k + "' to unset");
    }
    metadata.putAll(set);
    String before = previous == null ? "" : previous.record().description();
    String text = description == null ? before : description;
    if (previous != null && text.equals(before) && metadata.equals(previous.record().metadata())) {
      throw new InvalidInputException("the metadata of " + ds + " is already so: nothing to set");
    }
    DatasetMeta next = DatasetMetaCodec.seal(new DatasetMetaRecord(DatasetMetaRecord.FORMAT, ds.value(),
        previous == null ? 1 : previous.record().number() + 1, previous == null ? null : previous.id().hex(), text,
        metadata, author, Instant.now().toString()));
    long size = DatasetMetaCodec.encode(next.record()).length;
    if (size > MAX_RECORD) {
      throw new InvalidInputException("the metadata of " + ds + " would take " + size + " bytes, more than the "
          + (MAX_RECORD >> 20) + " MiB a dataset's metadata may hold");
    }
    return next;
  }
}
