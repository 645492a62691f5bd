package io.datafs.core.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** A real remote with every operation counted by kind, and the bytes sent and received: what sync costs. */
public final class CountingRemote implements Remote {
  private final Remote inner;
  private final Map<String, LongAdder> ops = new ConcurrentHashMap<>();
  private final AtomicLong bytesUp = new AtomicLong();
  private final AtomicLong bytesDown = new AtomicLong();
  private final List<RemoteKey> keysRead = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<RemoteKey> keysWritten = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<RemoteKey> keysSized = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<String> prefixesListed = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Long> offsetsRead = new java.util.concurrent.CopyOnWriteArrayList<>();

  public CountingRemote(Remote inner) {
    this.inner = inner;
  }

  /** Operations by kind (get, read, open, size, put, create, list, delete), sorted by kind. */
  public Map<String, Long> ops() {
    Map<String, Long> out = new TreeMap<>();
    ops.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long count(String op) {
    LongAdder a = ops.get(op);
    return a == null ? 0 : a.sum();
  }

  /** Requests for objects' bytes: get, read and open. */
  public long fetches() {
    return count("get") + count("read") + count("open");
  }

  /** Writes of any kind: put and create. */
  public long writes() {
    return count("put") + count("create");
  }

  public long bytesUp() {
    return bytesUp.get();
  }

  public long bytesDown() {
    return bytesDown.get();
  }

  /** The keys of every get, read and open, in order. */
  public List<RemoteKey> keysRead() {
    return List.copyOf(keysRead);
  }

  /** The keys of every put and create, in order. */
  public List<RemoteKey> keysWritten() {
    return List.copyOf(keysWritten);
  }

  /** The keys of every size request, in order. */
  public List<RemoteKey> keysSized() {
    return List.copyOf(keysSized);
  }

  /** The prefixes of every listing, in order. */
  public List<String> prefixesListed() {
    return List.copyOf(prefixesListed);
  }

  /** The offset of every ranged read and open, in the order they were asked for. */
  public List<Long> offsetsRead() {
    return List.copyOf(offsetsRead);
  }

  public void reset() {
    keysRead.clear();
    keysWritten.clear();
    keysSized.clear();
    prefixesListed.clear();
    offsetsRead.clear();
    ops.clear();
    bytesUp.set(0);
    bytesDown.set(0);
  }

  private void count(String op, AtomicLong bytes, long n) {
    ops.computeIfAbsent(op, k -> new LongAdder()).increment();
    if (bytes != null) bytes.addAndGet(n);
  }

  @Override
  public RemoteUrl url() {
    return inner.url();
  }

  @Override
  public byte[] get(RemoteKey key) {
    byte[] b = inner.get(key);
    keysRead.add(key);
    count("get", bytesDown, b.length);
    return b;
  }

  @Override
  public byte[] read(RemoteKey key, long offset, int length) {
    byte[] b = inner.read(key, offset, length);
    keysRead.add(key);
    offsetsRead.add(offset);
    count("read", bytesDown, b.length);
    return b;
  }

  @Override
  public InputStream open(RemoteKey key, long offset, long length) {
    keysRead.add(key);
    offsetsRead.add(offset);
    count("open", null, 0);
    return new FilterInputStream(inner.open(key, offset, length)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) bytesDown.incrementAndGet();
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) bytesDown.addAndGet(n);
        return n;
      }
    };
  }

  @Override
  public OptionalLong size(RemoteKey key) {
    count("size", null, 0);
    keysSized.add(key);
    return inner.size(key);
  }

  @Override
  public void put(RemoteKey key, byte[] bytes) {
    inner.put(key, bytes);
    keysWritten.add(key);
    count("put", bytesUp, bytes.length);
  }

  @Override
  public void put(RemoteKey key, Path file) {
    inner.put(key, file);
    keysWritten.add(key);
    try {
      count("put", bytesUp, Files.size(file));
    } catch (IOException e) {
      count("put", null, 0);
    }
  }

  @Override
  public CreateResult create(RemoteKey key, byte[] bytes) {
    CreateResult r = inner.create(key, bytes);
    keysWritten.add(key);
    count("create", bytesUp, r == CreateResult.CREATED ? bytes.length : 0);
    return r;
  }

  @Override
  public List<RemoteKey> list(String prefix) {
    count("list", null, 0);
    prefixesListed.add(prefix);
    return inner.list(prefix);
  }

  @Override
  public List<RemoteEntry> listEntries(String prefix) {
    count("list", null, 0);
    prefixesListed.add(prefix);
    return inner.listEntries(prefix);
  }

  @Override
  public boolean delete(RemoteKey key) {
    count("delete", null, 0);
    return inner.delete(key);
  }

  @Override
  public void close() {
    inner.close();
  }
}
