package io.datafs.daemon;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The client's side of the control protocol: what reaches stdout, when, and what a gone reader does. */
class FramesTest {
  @Test
  void framesReachTheirStreamsInOrderAndTheExitStatusIsReturned() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(wire);
    PrintStream daemonOut = new PrintStream(Frames.stream(out, Frames.STDOUT), true, UTF_8);
    PrintStream daemonErr = new PrintStream(Frames.stream(out, Frames.STDERR), true, UTF_8);
    for (int i = 0; i < 10_000; i++) daemonOut.println("line " + i);
    daemonErr.println("warning");
    daemonOut.println("last");
    Frames.exit(out, 3);

    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int status = Frames.pump(new ByteArrayInputStream(wire.toByteArray()), new PrintStream(stdout, true, UTF_8),
        new PrintStream(stderr, true, UTF_8));

    assertEquals(3, status);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 10_000; i++) expected.append("line ").append(i).append('\n');
    assertEquals(expected + "last\n", stdout.toString(UTF_8));
    assertEquals("warning\n", stderr.toString(UTF_8));
  }

  /** Buffered, stdout still shows a line as soon as no more frames wait: the daemon has not written the next yet. */
  @Test
  void aLineShowsBeforeTheNextFrameIsWritten() throws Exception {
    PipedInputStream socket = new PipedInputStream(1 << 16);
    DataOutputStream daemon = new DataOutputStream(new PipedOutputStream(socket));
    CountDownLatch shown = new CountDownLatch(1);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream() {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        super.write(b, off, len);
        shown.countDown();
      }
    };
    PrintStream client = new PrintStream(stdout, true, UTF_8);
    CompletableFuture<Integer> pumped = CompletableFuture.supplyAsync(() -> {
      try {
        return Frames.pump(socket, client, new PrintStream(OutputStream.nullOutputStream()));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    Frames.stream(daemon, Frames.STDOUT).write("first\n".getBytes(UTF_8));
    daemon.flush();
    assertTrue(shown.await(30, TimeUnit.SECONDS), "nothing reached stdout");
    assertEquals("first\n", stdout.toString(UTF_8), "shown while the daemon is still working");

    Frames.exit(daemon, 0);
    assertEquals(0, pumped.get(30, TimeUnit.SECONDS));
  }

  /** A closed pipe (`| head`): the pump stops reading at once, so the client drops the connection. */
  @Test
  void aReaderGoneStopsThePumpWithTheStatusOfSigpipe() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(wire);
    OutputStream frames = Frames.stream(out, Frames.STDOUT);
    byte[] line = "a line of output\n".getBytes(UTF_8);
    for (int i = 0; i < 100_000; i++) frames.write(line);
    Frames.exit(out, 0);
    byte[] sent = wire.toByteArray();

    AtomicInteger read = new AtomicInteger();
    ByteArrayInputStream socket = new ByteArrayInputStream(sent) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        int n = super.read(b, off, Math.min(len, 4096)); // as a socket hands over what has arrived
        if (n > 0) read.addAndGet(n);
        return n;
      }
    };
    OutputStream closedPipe = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    };

    int status = Frames.pump(socket, new PrintStream(closedPipe, true, UTF_8), new PrintStream(closedPipe));

    assertEquals(Frames.READER_GONE, status);
    assertTrue(read.get() < sent.length / 10, "stopped after " + read.get() + " of " + sent.length + " bytes");
  }
}
