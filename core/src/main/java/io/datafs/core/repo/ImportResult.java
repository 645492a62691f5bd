package io.datafs.core.repo;

import io.datafs.core.annotate.AnnotationIndex;
import io.datafs.core.version.Semver;
import io.datafs.core.version.Version;

/**
 * A new version and what it cost the store: chunks and stored bytes (after dedup and compression) added; and what
 * indexing its annotations found; its semantic version, null when it has none.
 */
public record ImportResult(Version version, long chunksAdded, long storedBytesAdded,
                           AnnotationIndex.Report annotations, Semver semver) {
  public ImportResult(Version version, long chunksAdded, long storedBytesAdded) {
    this(version, chunksAdded, storedBytesAdded, AnnotationIndex.Report.NONE, null);
  }
}
