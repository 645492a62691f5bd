package io.datafs.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The Prometheus endpoint: {@code GET /metrics} answers {@link PrometheusText} of the daemon's stats, on one thread
 * of its own (a scrape every few seconds needs no more). Anything else is 404. Started only when config.json says
 * {@code metrics.listen}; an address that cannot be bound is the daemon's log line, not its failure.
 */
final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code address}; throws the bind's IOException (address taken, not local) to the caller. */
  static MetricsServer start(InetSocketAddress address, Supplier<DaemonStats> stats) throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext("/", exchange -> answer(exchange, stats));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "datafs-metrics");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new MetricsServer(server);
  }

  /** Where it listens (the port chosen when the configured one was 0). */
  InetSocketAddress address() {
    return server.getAddress();
  }

  private static void answer(HttpExchange exchange, Supplier<DaemonStats> stats) throws IOException {
    try (exchange) {
      boolean known = exchange.getRequestURI().getPath().equals("/metrics");
      if (!known || !exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(known ? 405 : 404, -1);
        return;
      }
      byte[] body = PrometheusText.of(stats.get()).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
