package io.datafs.core.repo;

import java.util.List;

/** What {@code verify} read and what it found wrong, one line per problem. */
public record VerifyReport(long packs, long objects, long versions, long files, List<String> problems) {
  public boolean ok() {
    return problems.isEmpty();
  }
}
