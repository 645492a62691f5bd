package io.datafs.daemon;

import io.datafs.core.metrics.LatencyHistogram;
import io.datafs.fs.Errno;
import io.datafs.fs.fuse.MountCounters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the daemon did since it started, as {@code datafs stats} prints it (its JSON is this record's) and the
 * metrics endpoint exposes it ({@link PrometheusText}). Counters of a mount end with it: the daemon's totals are
 * those of the mounts served now.
 *
 * @param total    FUSE operations, bytes and errors summed over {@code mounts}
 * @param cache    the chunk caches: decoded chunks in memory, copies of remote chunks on disk
 * @param remote   ranged reads of remote packs made for mounts and commands
 */
public record DaemonStats(Fuse total, List<Mount> mounts, Cache cache, Remote remote) {

  /** FUSE callbacks: calls by operation, reads and writes in bytes, failures by errno name. */
  public record Fuse(Map<String, Long> operations, long bytesRead, long bytesWritten, long kernelCacheMisses,
                     Map<String, Long> errors) {
    static Fuse of(MountCounters c) {
      Map<String, Long> errors = new TreeMap<>();
      c.errors().forEach((code, n) -> errors.put(errnoName(code), n));
      Map<String, Long> ops = c.calls();
      // every read the kernel sends missed its page cache: the read calls are those misses
      return new Fuse(ops, c.bytesRead(), c.bytesWritten(), ops.getOrDefault("read", 0L), errors);
    }

    static Fuse sum(List<Fuse> all) {
      Map<String, Long> ops = new TreeMap<>();
      Map<String, Long> errors = new TreeMap<>();
      long read = 0, written = 0, misses = 0;
      for (Fuse f : all) {
        f.operations.forEach((k, v) -> ops.merge(k, v, Long::sum));
        f.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        read += f.bytesRead;
        written += f.bytesWritten;
        misses += f.kernelCacheMisses;
      }
      return new Fuse(ops, read, written, misses, errors);
    }
  }

  /** One mount: where, what (dataset@vN), and for a writable one the bytes its overlay has staged. */
  public record Mount(String dir, String dataset, boolean writable, Fuse fuse, long overlayBytesStaged) {}

  public record Cache(long memoryHits, long memoryMisses, long diskHits, long diskMisses, long diskEvictions,
                      long diskBytes) {}

  /**
   * @param fetchMillisP50 the median time to an answer, as the upper bound of its histogram bucket (0: no request)
   * @param fetchLatency   the histogram: cumulative counts by upper bound in seconds ("+Inf" last)
   */
  public record Remote(long requests, long bytesFetched, double fetchMillisP50, double fetchMillisP99,
                       Latency fetchLatency) {
    static Remote of(long requests, long bytes, LatencyHistogram.Snapshot s) {
      Map<String, Long> buckets = new LinkedHashMap<>();
      long seen = 0;
      for (int i = 0; i < s.counts().length; i++) {
        seen += s.counts()[i];
        long bound = LatencyHistogram.boundNanos(i);
        buckets.put(bound == Long.MAX_VALUE ? "+Inf" : Double.toString(bound / 1e9), seen);
      }
      return new Remote(requests, bytes, s.quantileNanos(0.5) / 1e6, s.quantileNanos(0.99) / 1e6,
          new Latency(seen, s.totalNanos() / 1e9, buckets));
    }
  }

  public record Latency(long count, double sumSeconds, Map<String, Long> buckets) {}

  /** "ENOENT" for 2; the number itself for an errno datafs never answers with. */
  static String errnoName(int code) {
    for (Errno e : Errno.values()) if (e.code() == code) return e.name();
    return Integer.toString(code);
  }
}
