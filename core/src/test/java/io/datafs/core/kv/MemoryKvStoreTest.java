package io.datafs.core.kv;

import java.nio.file.Path;

class MemoryKvStoreTest extends KvStoreContract {
  @Override
  protected KvStore open(Path dir) {
    return new MemoryKvStore();
  }
}
