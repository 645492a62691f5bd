package io.datafs.core.ingest;

/** Told as an import goes; called from several threads at once. */
public interface ImportProgress {
  ImportProgress NONE = bytes -> {};

  /** One more file was read in full. */
  void fileDone(long bytes);
}
