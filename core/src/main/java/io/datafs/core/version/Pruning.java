package io.datafs.core.version;

import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * Versions of a dataset below its head that a removal takes ({@code datafs retain}, {@code rm DS@V} of an older
 * version), oldest first, and the tags naming them (tag to number). The head stays, so the history keeps its numbers.
 *
 * @param head the dataset's head when the plan was made, which is not among the versions
 */
public record Pruning(DatasetName dataset, List<Version> versions, SortedMap<String, Long> tags, long head) {
  public Pruning {
    versions = List.copyOf(versions);
    for (Version v : versions) {
      if (v.record().number() >= head) throw new IllegalArgumentException(v.label() + " is not below v" + head);
    }
  }

  public boolean isEmpty() {
    return versions.isEmpty();
  }

  public boolean removes(long number) {
    return versions.stream().anyMatch(v -> v.record().number() == number);
  }

  /** {@code cats@v1..v3, v5}: runs of consecutive numbers. */
  public String label() {
    StringBuilder out = new StringBuilder(dataset + "@");
    for (int i = 0; i < versions.size(); ) {
      long first = versions.get(i).record().number();
      int j = i;
      while (j + 1 < versions.size() && number(j + 1) == number(j) + 1) j++;
      long last = versions.get(j).record().number();
      out.append(i == 0 ? "" : ", ").append("v").append(first).append(first == last ? "" : "..v" + last);
      i = j + 1;
    }
    return out.toString();
  }

  private long number(int i) {
    return versions.get(i).record().number();
  }

  /** {@code release (v2), best (v3)}. */
  public String tagList() {
    return tags.entrySet().stream().map(t -> t.getKey() + " (v" + t.getValue() + ")").collect(Collectors.joining(", "));
  }
}
