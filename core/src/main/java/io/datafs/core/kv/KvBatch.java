package io.datafs.core.kv;

import java.util.ArrayList;
import java.util.List;

/** Writes applied together, all or nothing, by {@link KvStore#write}. */
public final class KvBatch {
  /** One put (value non-null) or delete (value null). */
  public record Op(Table table, byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();
  private boolean sync;

  public KvBatch put(Table table, byte[] key, byte[] value) {
    ops.add(new Op(table, key.clone(), value.clone()));
    return this;
  }

  public KvBatch delete(Table table, byte[] key) {
    ops.add(new Op(table, key.clone(), null));
    return this;
  }

  /** Make the write durable (WAL fsync) before {@link KvStore#write} returns. Publishing a version asks for this. */
  public KvBatch sync() {
    this.sync = true;
    return this;
  }

  public boolean isSync() {
    return sync;
  }

  public List<Op> ops() {
    return List.copyOf(ops);
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  public int size() {
    return ops.size();
  }
}
