package io.datafs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on a loopback port in front of a server (S3Proxy): it counts the bytes each way and the HTTP requests
 * (request lines ending in " HTTP/1.1", counted in what the client sends), so the bench sees what datafs fetched on
 * the wire, independent of datafs's own counters; the integration tests use it too. {@link #close} drops every
 * connection and stops listening: the server is then unreachable.
 */
public final class CountingProxy implements AutoCloseable {
  private static final byte[] REQUEST_LINE_END = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern REQUEST_LINE = Pattern.compile("(GET|PUT|POST|DELETE|HEAD) /\\S*$");
  private static final int RECENT = 4096;

  private final ServerSocket server;
  private final int target;
  private final AtomicLong down = new AtomicLong();
  private final AtomicLong up = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final Queue<String> requestLines = new ConcurrentLinkedQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public CountingProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "counting-proxy");
    t.setDaemon(true);
    t.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Bytes from the server to datafs. */
  public long bytesDown() {
    return down.get();
  }

  public long bytesUp() {
    return up.get();
  }

  public long requests() {
    return requests.get();
  }

  /** The request lines sent since the last reset ({@code GET /bucket/key?query}, without the protocol). */
  public List<String> requestLines() {
    return List.copyOf(requestLines);
  }

  public void reset() {
    down.set(0);
    up.set(0);
    requests.set(0);
    requestLines.clear();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        // no Nagle: a small write after another (a reply's headers, then its body) would otherwise wait for the
        // peer's delayed ACK, ~40 ms per request, which the bench would then measure
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client.getInputStream(), upstream.getOutputStream(), up, true, client, upstream);
        pump(upstream.getInputStream(), client.getOutputStream(), down, false, client, upstream);
      } catch (IOException e) {
        if (!closed) System.err.println("counting proxy: " + e);
      }
    }
  }

  private void pump(InputStream in, OutputStream out, AtomicLong counter, boolean requestSide, Socket a, Socket b) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[1 << 16];
      int matched = 0; // of REQUEST_LINE_END, across reads
      byte[] recent = new byte[RECENT]; // the last bytes sent, a ring, for the request line that just ended
      long sent = 0;
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          counter.addAndGet(n);
          if (requestSide) {
            for (int i = 0; i < n; i++) {
              recent[(int) (sent++ & (RECENT - 1))] = buf[i];
              matched = buf[i] == REQUEST_LINE_END[matched] ? matched + 1 : (buf[i] == REQUEST_LINE_END[0] ? 1 : 0);
              if (matched == REQUEST_LINE_END.length) {
                requests.incrementAndGet();
                matched = 0;
                requestLines.add(requestLine(recent, sent));
              }
            }
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // one side closed
      } finally {
        closeQuietly(a);
        closeQuietly(b);
      }
    }, "counting-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The request line that ends the {@code sent} bytes whose last ones {@code recent} holds (a request may follow the
   * previous one's body with no line feed between them), without its protocol.
   */
  private static String requestLine(byte[] recent, long sent) {
    int k = (int) Math.min(sent, RECENT);
    StringBuilder text = new StringBuilder(k);
    for (long at = sent - k; at < sent; at++) text.append((char) (recent[(int) (at & (RECENT - 1))] & 0xff));
    String line = text.substring(text.lastIndexOf("\n", k - 2) + 1, k - REQUEST_LINE_END.length);
    Matcher m = REQUEST_LINE.matcher(line);
    return m.find() ? m.group() : line;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    sockets.forEach(CountingProxy::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
