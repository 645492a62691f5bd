package io.datafs.core.sync;

/** What a push or pull reports while packs move, for a progress bar. Called from several threads. */
public interface TransferProgress {
  TransferProgress NONE = new TransferProgress() {
    @Override public void start(int packs, long bytes) {}

    @Override public void packDone(long bytes) {}
  };

  /** Before the first pack: how many will move, and their bytes. */
  void start(int packs, long bytes);

  void packDone(long bytes);
}
