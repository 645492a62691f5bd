package io.datafs.core.remote.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.RemoteTransientException;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that sends a response's headers and a few bytes, then nothing: the JDK's client would wait for the rest
 * for ever; the remote's read fails as transient once no byte came for its read timeout (here 1 s).
 */
class HttpStallTest {
  @Test
  // a deadline for a hang (a read blocked in the JDK client ignores interrupts), not a measure of speed
  @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aBodyThatStopsComingFailsTheReadInsteadOfHangingIt() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (Socket s = server.accept()) {
          BufferedReader in =
              new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
          for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            // the request's headers
          }
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          done.await(); // and then nothing, until the test ends
        } catch (Exception ignored) {
          // the test is over
        }
      });
      t.start();
      try (HttpRemote remote = new HttpRemote(RemoteUrl.parse("http://127.0.0.1:" + server.getLocalPort() + "/r"),
          Duration.ofSeconds(1))) {
        RemoteTransientException e = assertThrows(RemoteTransientException.class,
            () -> remote.get(RemoteKey.of("packs/ab/x")));
        assertTrue(e.getMessage().contains("packs/ab/x") && e.getMessage().contains("no bytes for 1 s"),
            e.getMessage());
      } finally {
        done.countDown();
        t.join();
      }
    }
  }
}
