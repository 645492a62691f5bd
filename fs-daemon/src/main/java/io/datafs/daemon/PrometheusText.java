package io.datafs.daemon;

import java.util.Map;

/**
 * {@link DaemonStats} in Prometheus's text exposition format (version 0.0.4): counters end in {@code _total}, the
 * remote fetch latency is a histogram in seconds, a writable mount's staged bytes a gauge. A mount's series carry
 * its {@code mount} directory and {@code dataset} (dataset@vN) as labels. Written by hand: a few dozen lines over
 * counters the daemon keeps anyway, where Micrometer would keep a second copy of each.
 */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  static String of(DaemonStats s) {
    StringBuilder b = new StringBuilder(4096);
    type(b, "datafs_fuse_operations_total", "counter", "FUSE callbacks served, by operation");
    for (DaemonStats.Mount m : s.mounts()) {
      m.fuse().operations().forEach((op, n) -> sample(b, "datafs_fuse_operations_total", labels(m) + ",op=" + q(op),
          n));
    }
    type(b, "datafs_fuse_read_bytes_total", "counter", "bytes returned by reads");
    for (DaemonStats.Mount m : s.mounts()) sample(b, "datafs_fuse_read_bytes_total", labels(m), m.fuse().bytesRead());
    type(b, "datafs_fuse_written_bytes_total", "counter", "bytes taken by writes");
    for (DaemonStats.Mount m : s.mounts()) {
      sample(b, "datafs_fuse_written_bytes_total", labels(m), m.fuse().bytesWritten());
    }
    type(b, "datafs_fuse_errors_total", "counter", "callbacks answered with an errno, by errno");
    for (DaemonStats.Mount m : s.mounts()) {
      m.fuse().errors().forEach((e, n) -> sample(b, "datafs_fuse_errors_total", labels(m) + ",errno=" + q(e), n));
    }
    type(b, "datafs_overlay_staged_bytes", "gauge", "bytes of file content a writable mount has staged");
    for (DaemonStats.Mount m : s.mounts()) {
      if (m.writable()) sample(b, "datafs_overlay_staged_bytes", labels(m), m.overlayBytesStaged());
    }
    DaemonStats.Cache c = s.cache();
    type(b, "datafs_chunk_cache_hits_total", "counter", "chunk lookups that found the chunk");
    sample(b, "datafs_chunk_cache_hits_total", "cache=\"memory\"", c.memoryHits());
    sample(b, "datafs_chunk_cache_hits_total", "cache=\"disk\"", c.diskHits());
    type(b, "datafs_chunk_cache_misses_total", "counter", "chunk lookups that did not");
    sample(b, "datafs_chunk_cache_misses_total", "cache=\"memory\"", c.memoryMisses());
    sample(b, "datafs_chunk_cache_misses_total", "cache=\"disk\"", c.diskMisses());
    type(b, "datafs_chunk_cache_evictions_total", "counter", "chunks dropped from the disk cache for room");
    sample(b, "datafs_chunk_cache_evictions_total", "cache=\"disk\"", c.diskEvictions());
    type(b, "datafs_chunk_cache_bytes", "gauge", "bytes held by the disk cache");
    sample(b, "datafs_chunk_cache_bytes", "cache=\"disk\"", c.diskBytes());
    DaemonStats.Remote r = s.remote();
    type(b, "datafs_remote_requests_total", "counter", "ranged reads of remote packs");
    sample(b, "datafs_remote_requests_total", "", r.requests());
    type(b, "datafs_remote_fetched_bytes_total", "counter", "stored bytes fetched from remotes");
    sample(b, "datafs_remote_fetched_bytes_total", "", r.bytesFetched());
    type(b, "datafs_remote_fetch_seconds", "histogram", "time to a remote's answer");
    for (Map.Entry<String, Long> e : r.fetchLatency().buckets().entrySet()) {
      sample(b, "datafs_remote_fetch_seconds_bucket", "le=" + q(e.getKey()), e.getValue());
    }
    b.append("datafs_remote_fetch_seconds_sum ").append(r.fetchLatency().sumSeconds()).append('\n');
    sample(b, "datafs_remote_fetch_seconds_count", "", r.fetchLatency().count());
    return b.toString();
  }

  private static void type(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder b, String name, String labels, long value) {
    b.append(name);
    if (!labels.isEmpty()) b.append('{').append(labels).append('}');
    b.append(' ').append(value).append('\n');
  }

  private static String labels(DaemonStats.Mount m) {
    return "mount=" + q(m.dir()) + ",dataset=" + q(m.dataset());
  }

  /** A label value, quoted and escaped as the format says (backslash, double quote, newline). */
  static String q(String v) {
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
