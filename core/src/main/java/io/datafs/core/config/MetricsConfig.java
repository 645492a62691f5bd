package io.datafs.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.datafs.core.error.InvalidInputException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The "metrics" section of config.json: {@code {"metrics": {"listen": "127.0.0.1:9464"}}} makes the daemon serve
 * Prometheus's text format at {@code http://<listen>/metrics}. A bare port ({@code "9464"} or {@code ":9464"}) listens
 * on the loopback address only: exposing what a node reads to the network is the address's explicit choice
 * ({@code "0.0.0.0:9464"}). Absent, nothing listens. Read when the daemon starts.
 *
 * @param listen where to listen, or null for no endpoint
 */
public record MetricsConfig(InetSocketAddress listen) {
  public static final MetricsConfig NONE = new MetricsConfig(null);

  public static MetricsConfig load(Path file) {
    JsonNode n = ConfigFile.load(file).path("metrics").path("listen");
    if (n.isMissingNode() || n.isNull()) return NONE;
    if (!n.isTextual()) throw invalid(file, n.toString());
    return new MetricsConfig(address(file, n.asText().strip()));
  }

  private static InetSocketAddress address(Path file, String text) {
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? "" : text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1); // [::1]:9464
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid(file, '"' + text + '"');
    }
    if (port < 1 || port > 65535) throw invalid(file, '"' + text + '"');
    return host.isEmpty() ? new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port)
        : new InetSocketAddress(host, port);
  }

  private static InvalidInputException invalid(Path file, String value) {
    return new InvalidInputException("config file " + file + ": metrics.listen must be \"host:port\" or a port, not "
        + value);
  }
}
