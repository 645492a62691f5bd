package io.datafs.core.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP server that answers every request "404 Not Found" (an S3-style XML error), for a provider's
 * {@link RemoteProvider#warmUp}: a request to it runs the SDK's whole request and error path, with no real host.
 */
public final class WarmUpServer implements AutoCloseable {
  private static final byte[] BODY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
      + "<Message>warm-up</Message></Error>").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEAD = ("HTTP/1.1 404 Not Found\r\nContent-Type: application/xml\r\nContent-Length: "
      + BODY.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();

  public WarmUpServer() throws IOException {
    server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::serve, "datafs-warm-up-server");
    t.setDaemon(true);
    t.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Requests answered so far. */
  public int served() {
    return served.get();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        readHeaders(s.getInputStream());
        served.incrementAndGet(); // before the answer, which the client may act on at once
        OutputStream out = s.getOutputStream();
        out.write(HEAD);
        out.write(BODY);
        out.flush();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Reads up to the blank line that ends the request's headers (a warm-up request has no body). */
  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
