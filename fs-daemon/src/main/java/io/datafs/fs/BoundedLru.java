package io.datafs.fs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Function;

/**
 * A map that keeps at most {@code capacity} entries, those least likely to be asked again dropped first: Caffeine's
 * W-TinyLFU, recency and frequency together (so a scan of names read once does not push out the directories read
 * all the time). A hit takes no lock. Eviction runs on the caller's thread, so the bound holds when a put returns.
 */
public final class BoundedLru<K, V> {
  private final Cache<K, V> entries;

  public BoundedLru(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, not " + capacity);
    entries = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).build();
  }

  /** The value, or null; a hit counts as a use. */
  public V get(K key) {
    return entries.getIfPresent(key);
  }

  public void put(K key, V value) {
    entries.put(key, value);
  }

  /** The value, made by {@code make} when absent; {@code make} must be quick (it runs under a lock of the map). */
  public V computeIfAbsent(K key, Function<K, V> make) {
    return entries.get(key, make);
  }

  int size() {
    entries.cleanUp();
    return (int) entries.estimatedSize();
  }
}
