package io.datafs.core.remote;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A loopback server that accepts connections and never answers: a remote that hangs. */
public final class BlackHole implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> held = new ArrayList<>();

  public BlackHole() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try {
        while (true) {
          Socket s = server.accept();
          synchronized (held) {
            held.add(s);
          }
        }
      } catch (IOException closed) {
        // close() ends the loop
      }
    }, "black-hole");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (held) {
      for (Socket s : held) s.close();
    }
  }
}
