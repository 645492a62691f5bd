package io.datafs.core.error;

/**
 * The store's index (RocksDB) is missing or empty while the store holds packs and version records: every command
 * but {@code datafs verify --repair}, which rebuilds it, is refused rather than answering from an empty index.
 */
public class IndexLostException extends DatafsException {
  public IndexLostException(String message) {
    super(message);
  }
}
