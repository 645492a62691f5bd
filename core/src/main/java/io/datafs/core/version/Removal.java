package io.datafs.core.version;

import java.util.List;
import java.util.SortedMap;

/**
 * The newest versions of a dataset that a removal takes, oldest first, and the tags naming them (tag to number).
 *
 * @param versions never empty; the last is the dataset's head when the plan was made
 */
public record Removal(DatasetName dataset, List<Version> versions, SortedMap<String, Long> tags) {
  public Removal {
    versions = List.copyOf(versions);
    if (versions.isEmpty()) throw new IllegalArgumentException("nothing to remove of " + dataset);
  }

  public long first() {
    return versions.get(0).record().number();
  }

  public long last() {
    return versions.get(versions.size() - 1).record().number();
  }

  /** Whether every version goes, and so the dataset. */
  public boolean wholeDataset() {
    return first() == 1;
  }

  /** {@code cats@v3} or {@code cats@v3..v5}. */
  public String label() {
    return dataset + "@v" + first() + (first() == last() ? "" : "..v" + last());
  }
}
