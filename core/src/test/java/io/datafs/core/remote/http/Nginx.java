package io.datafs.core.remote.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx ({@code scripts/setup.sh --test} installs it) serving a folder as static files on a free loopback
 * port, in the foreground, with everything it writes (config, pid, logs, temp files) in a folder of its own. As root,
 * its worker runs as root too, to read the 0600 files a folder remote holds. {@code ignoreRange} sets
 * {@code max_ranges 0}: every GET gets the whole object, as from a server that does not do ranges.
 */
public final class Nginx implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/nginx");
  private static final Duration START = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path dir;

  private Nginx(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Serves {@code root} from a server whose own files go under {@code dir}. */
  public static Nginx serve(Path root, Path dir, boolean ignoreRange) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: scripts/setup.sh --test installs Debian's nginx");
    }
    Files.createDirectories(dir.resolve("tmp"));
    int port = freePort();
    boolean root0 = "root".equals(System.getProperty("user.name"));
    String conf = (root0 ? "user root;\n" : "")
        + "worker_processes 1;\n"
        + "pid " + dir.resolve("nginx.pid") + ";\n"
        + "error_log " + dir.resolve("error.log") + " warn;\n"
        + "events { worker_connections 256; }\n"
        + "http {\n"
        + "  log_format datafs '$status $request_method $uri range=$http_range sent=$body_bytes_sent';\n"
        + "  access_log " + dir.resolve("access.log") + " datafs;\n"
        + "  client_body_temp_path " + dir.resolve("tmp/body") + ";\n"
        + "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";\n"
        + "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";\n"
        + "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";\n"
        + "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";\n"
        + "  default_type application/octet-stream;\n"
        + "  server {\n"
        + "    listen 127.0.0.1:" + port + ";\n"
        + "    root " + root.toAbsolutePath() + ";\n"
        + (ignoreRange ? "    max_ranges 0;\n" : "")
        + "  }\n"
        + "}\n";
    Path confFile = Files.writeString(dir.resolve("nginx.conf"), conf);
    Process p = new ProcessBuilder(List.of(BINARY.toString(), "-p", dir.toString(), "-c", confFile.toString(),
        "-g", "daemon off;")).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    Nginx nginx = new Nginx(p, port, dir);
    nginx.awaitListening();
    return nginx;
  }

  /** {@code http://127.0.0.1:PORT}, with no trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * The requests served so far, one line each: {@code STATUS METHOD URI range=RANGE sent=BODY_BYTES}. nginx writes a
   * line when a request ends, so a request whose client went away may take a moment to show.
   */
  public List<String> accessLog() throws IOException {
    Path log = dir.resolve("access.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("nginx exited " + process.exitValue() + ": " + logs());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IllegalStateException("nginx did not listen on " + port + " within " + START.toSeconds() + " s: "
        + logs());
  }

  private String logs() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String f : List.of("stdout.log", "error.log")) {
      Path p = dir.resolve(f);
      if (Files.exists(p)) b.append(Files.readString(p).strip()).append(' ');
    }
    return b.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the master (it stops its worker) and waits for it. */
  @Override
  public void close() {
    process.destroy(); // SIGTERM: a fast shutdown
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
