package io.datafs.remote.s3;

import io.datafs.core.remote.BoundedInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on loopback that drops every {@code Range} header of the requests it forwards: in front of a
 * real S3 server, it makes one that ignores Range, as some S3-compatible servers do, answering 200 with the whole
 * object. Request bodies are forwarded by their Content-Length; a chunked one closes the connection (not needed).
 */
final class RangeDroppingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int target;
  private final AtomicInteger dropped = new AtomicInteger();

  RangeDroppingProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "range-dropping-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Range headers dropped so far. */
  int dropped() {
    return dropped.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        // the requests' end only half-closes: the server's answer (an early error, say) still gets through
        daemon(() -> requests(client, upstream), () -> upstream.shutdownOutput());
        daemon(() -> upstream.getInputStream().transferTo(client.getOutputStream()), () -> {
          client.close();
          upstream.close();
        });
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** Forwards request after request, each head without its Range line, each body by its Content-Length. */
  private void requests(Socket client, Socket upstream) throws IOException {
    InputStream in = new BufferedInputStream(client.getInputStream());
    OutputStream out = upstream.getOutputStream();
    for (String head; (head = head(in)) != null; ) {
      StringBuilder kept = new StringBuilder();
      long body = 0;
      for (String line : head.split("\r\n")) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("range:")) {
          dropped.incrementAndGet();
          continue;
        }
        if (lower.startsWith("content-length:")) body = Long.parseLong(line.substring(15).strip());
        if (lower.startsWith("transfer-encoding:")) throw new IOException("chunked request bodies are not proxied");
        kept.append(line).append("\r\n");
      }
      out.write(kept.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      new BoundedInputStream(in, body).transferTo(out);
      out.flush();
    }
  }

  /** The next request's head without its blank line, or null at the end of the connection. */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        byte[] h = head.toByteArray();
        return new String(h, 0, h.length - 4, StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private interface Io {
    void run() throws IOException;
  }

  /** Runs one direction of a connection, then {@code after}. */
  private static void daemon(Io direction, Io after) {
    Thread t = new Thread(() -> {
      try {
        direction.run();
      } catch (IOException ended) {
        // a side closed: this direction is over
      } finally {
        try {
          after.run();
        } catch (IOException closed) {
          // closed already
        }
      }
    });
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
