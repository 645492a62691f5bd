package io.datafs.core.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.store.HomeCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How fast each remote delivered the last {@code datafs prefetch} that fetched enough to tell ({@code MIN_BYTES}):
 * bytes on the wire over the wall time of the fetch, kept in {@code cache/throughput.json} by remote (URL and
 * endpoint), so that {@code prefetch --plan} can estimate the time of a fetch it does not make, scaled by the streams
 * (ranged reads at once, up to four) each runs.
 */
public final class RemoteThroughput {
  /** A fetch shorter than this measures the requests' latency more than the remote's throughput. */
  public static final long MIN_BYTES = 8L << 20;
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final System.Logger LOG = System.getLogger("datafs.cache");

  /** One measured fetch: its bytes on the wire, its ranged reads, and how long it took. */
  public record Measured(long bytes, int requests, long nanos) {
    public double bytesPerSecond() {
      return bytes * 1e9 / Math.max(1, nanos);
    }

    /**
     * The time {@code plan} would take at this pace. Each ranged read is one stream, and a fetch runs at most
     * {@link RemoteChunks#FETCH_THREADS} at once: a measurement of fewer requests than that saw fewer streams than a
     * larger plan runs, so its pace is scaled by the streams each ran (the bench's quick run: 32 MiB fetched at about
     * 40 MB/s, then 256 MiB in ten reads at 90 to 160 MB/s).
     */
    public Duration estimate(FetchPlan plan) {
      double streams = (double) Math.min(RemoteChunks.FETCH_THREADS, Math.max(1, plan.requests()))
          / Math.min(RemoteChunks.FETCH_THREADS, Math.max(1, requests));
      return Duration.ofNanos((long) (plan.bytes() * 1e9 / (bytesPerSecond() * streams)));
    }
  }

  private final Path file;

  public RemoteThroughput(Path file) {
    this.file = file;
  }

  /** The last measurement of {@code where}, if any. */
  public synchronized Optional<Measured> of(RemoteRef where) {
    ObjectNode all = load();
    if (!all.has(key(where))) return Optional.empty();
    try {
      return Optional.of(JSON.treeToValue(all.get(key(where)), Measured.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Keeps a measurement of {@code where} when it fetched enough to tell; returns whether it did. */
  public synchronized boolean record(RemoteRef where, Measured m) {
    if (m.bytes() < MIN_BYTES) return false;
    ObjectNode all = load();
    all.set(key(where), JSON.valueToTree(m));
    try {
      HomeCheck.replace(file, JSON.writeValueAsBytes(all));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot keep the throughput of remote " + where + " in " + file + ": " + e);
      return false;
    }
    return true;
  }

  private ObjectNode load() {
    try {
      return (ObjectNode) JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException none) {
      return JSON.createObjectNode();
    } catch (IOException | ClassCastException e) {
      return JSON.createObjectNode(); // a damaged measurement is no measurement; the next prefetch writes it anew
    }
  }

  private static String key(RemoteRef where) {
    return where.endpoint() == null ? where.url().toString() : where.url() + " " + where.endpoint();
  }
}
