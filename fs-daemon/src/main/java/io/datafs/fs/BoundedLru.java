package io.datafs.fs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A map that keeps at most about {@code capacity} entries, dropping the least recently used. Split into stripes,
 * each its own LRU under its own lock, so many FUSE threads rarely wait on each other; the order is therefore
 * least-recently-used per stripe, which is all a cache needs.
 */
public final class BoundedLru<K, V> {
  private static final int STRIPES = 16;

  private final Stripe<K, V>[] stripes;

  @SuppressWarnings("unchecked")
  public BoundedLru(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, not " + capacity);
    int n = Math.min(STRIPES, capacity);
    stripes = new Stripe[n];
    for (int i = 0; i < n; i++) stripes[i] = new Stripe<>(capacity / n + (i < capacity % n ? 1 : 0));
  }

  /** The value, or null; a hit makes the entry the most recently used. */
  public V get(K key) {
    Stripe<K, V> s = stripe(key);
    synchronized (s) {
      return s.get(key);
    }
  }

  public void put(K key, V value) {
    Stripe<K, V> s = stripe(key);
    synchronized (s) {
      s.put(key, value);
    }
  }

  public V computeIfAbsent(K key, Function<K, V> make) {
    Stripe<K, V> s = stripe(key);
    synchronized (s) {
      return s.computeIfAbsent(key, make);
    }
  }

  int size() {
    int n = 0;
    for (Stripe<K, V> s : stripes) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  private Stripe<K, V> stripe(K key) {
    return stripes[stripeOf(key.hashCode(), stripes.length)];
  }

  /**
   * The stripe of a key's hash: from the high bits of a multiplicative hash, not from the low bits a stripe's own
   * table uses for its buckets. Taken from those, every key of a stripe fell in one bucket of 16 and the rest stayed
   * empty, so chains grew into trees: a tenth of a 1M-entry directory's listing went to filling the dentry cache.
   */
  static int stripeOf(int hash, int stripes) {
    return ((hash * 0x9E3779B9) >>> 16) % stripes;
  }

  private static final class Stripe<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;

    Stripe(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > capacity;
    }
  }
}
