package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's life at its edges, with the real launcher: its idle exit, two daemons racing to start on one home, a
 * client that disappears mid-command, and {@code daemon stop} while a command runs. A command is held mid-flight by
 * pulling from a remote served over http by a server that answers only once the test lets it, so each scenario
 * waits on conditions, not on time. One pushed remote for the class.
 */
class DaemonLifecycleTest {
  @TempDir static Path shared;
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  private static HttpServer server;
  private static volatile CountDownLatch gate = new CountDownLatch(0);
  private static volatile CountDownLatch arrived = new CountDownLatch(1);

  @BeforeAll
  static void pushAndServe() throws Exception {
    Path served = Files.createDirectories(shared.resolve("www"));
    Datafs writer = new Datafs(shared.resolve("writer"));
    try {
      writer.ok("remote", "add", "origin", served.toString());
      writer.ok("import", Trees.sample(shared.resolve("src")).toString(), "cats");
      writer.ok("push");
    } finally {
      writer.stopDaemon();
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", x -> serve(served, x));
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterAll
  static void stopServer() {
    gate.countDown();
    if (server != null) server.stop(0);
  }

  @Test
  void anIdleDaemonExitsByItselfAndTheNextCommandStartsAnother() throws Exception {
    Datafs d = homes.at(tmp.resolve("home"));
    Datafs.Running daemon = d.start("daemon", "--foreground", "--idle-exit", "1");
    awaitCondition(() -> Files.exists(d.home().resolve("daemon.sock")), "the daemon's socket");

    Datafs.Result idle = daemon.await(); // nothing mounted, no command: it stops on its own
    assertEquals(0, idle.exit(), idle.err());
    String log = Files.readString(d.home().resolve("daemon.log"));
    assertTrue(log.contains("idle for 1 s with nothing mounted: stopping"), log);
    assertFalse(Files.exists(d.home().resolve("daemon.sock")), "its socket is gone");
    assertFalse(Files.exists(d.home().resolve("daemon.pid")), "its pid file is gone");
    String next = d.ok("daemon", "status").stdout();
    assertTrue(next.startsWith("datafs daemon ") && !next.startsWith("datafs daemon " + daemon.process.pid() + " "),
        next);
  }

  @Test
  void twoDaemonsRacingForOneHomeLeaveOneServingAndTheOtherSaysSo() throws Exception {
    Datafs d = homes.at(tmp.resolve("home"));
    Files.createDirectories(d.home(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    Datafs.Running one = d.start("daemon", "--foreground");
    Datafs.Running two = d.start("daemon", "--foreground");
    CompletableFuture.anyOf(one.process.onExit(), two.process.onExit()).join();
    Datafs.Running loser = one.process.isAlive() ? two : one;
    Datafs.Running winner = loser == one ? two : one;

    Datafs.Result lost = loser.await();
    assertEquals(3, lost.exit(), lost.err());
    assertEquals("datafs: a datafs daemon already serves " + d.home(), lost.err().strip());
    assertTrue(winner.process.isAlive());
    assertTrue(d.ok("daemon", "status").stdout().startsWith("datafs daemon " + winner.process.pid() + " serving "));
    d.ok("import", Trees.sample(tmp.resolve("src")).toString(), "cats");
    d.ok("daemon", "stop");
    assertEquals(0, winner.await().exit());
  }

  /**
   * One home, two commands held mid-flight: the first one's client is killed (the command goes on in the daemon, its
   * output dropped), then a {@code daemon stop} arrives while the second runs (it finishes, then the daemon stops).
   */
  @Test
  void aClientThatDisappearsOrAStopWhileACommandRunsLosesNothing() throws Exception {
    Datafs d = reader();
    hold();
    Datafs.Running gone = d.start("pull", "cats");
    arrived.await(); // the command runs in the daemon, waiting on the remote
    gone.process.destroyForcibly();
    gone.process.waitFor();
    release();
    // the daemon went on: it serves the next commands, which wait for nothing the gone one held
    d.ok("pull", "cats");
    assertEquals(1, d.ok("log", "cats", "--json").json().size());

    long pid = Long.parseLong(Files.readString(d.home().resolve("daemon.pid")).strip());
    hold();
    Datafs.Running pull = d.start("pull", "cats"); // up to date, but it asks the remote first
    arrived.await();
    Datafs.Running stop = d.start("daemon", "stop");
    // the stop has been taken (the daemon answers no new command) while the pull still waits on the remote
    awaitCondition(() -> !Files.exists(d.home().resolve("daemon.sock")), "the socket to go");
    assertTrue(pull.process.isAlive());
    release();

    Datafs.Result pulled = pull.await();
    assertEquals(0, pulled.exit(), pulled.err());
    assertEquals(0, stop.await().exit());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the daemon is gone");
    assertEquals(1, d.ok("log", "cats", "--json").json().size());
    d.ok("verify");
  }

  /** A home whose only remote is the pushed one, over http; its daemon runs. */
  private Datafs reader() {
    Datafs d = homes.at(tmp.resolve("reader"));
    d.ok("remote", "add", "web", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
    d.ok("daemon", "status");
    return d;
  }

  /** Holds every request to the server from now until {@link #release}; {@link #arrived} opens at the first. */
  private static void hold() {
    arrived = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  private static void release() {
    gate.countDown();
  }

  private static void serve(Path root, HttpExchange x) throws IOException {
    try (x) {
      arrived.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Path file = root.resolve(x.getRequestURI().getPath().substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        byte[] nf = "not found".getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(404, nf.length);
        x.getResponseBody().write(nf);
        return;
      }
      byte[] body = Files.readAllBytes(file); // the whole file: the remote cuts it to the range it asked
      if (x.getRequestMethod().equals("HEAD")) {
        x.getResponseHeaders().add("Content-Length", Long.toString(body.length));
        x.sendResponseHeaders(200, -1);
        return;
      }
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
    }
  }

  /** Waits for a condition another process brings about; fails (never hangs) if it never comes. */
  private static void awaitCondition(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("waited a minute for " + what);
      Thread.sleep(10);
    }
  }
}
