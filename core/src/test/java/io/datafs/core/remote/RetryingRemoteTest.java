package io.datafs.core.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteNotFoundException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.remote.FaultyRemote.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RetryingRemote} over a real local folder with injected faults. */
class RetryingRemoteTest {
  private static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(20),
      Duration.ofSeconds(5));

  @TempDir Path tmp;
  FaultyRemote faulty;
  Remote remote;
  final RemoteKey key = RemoteKey.of("versions/cats/1.json");

  @BeforeEach
  void open() throws Exception {
    faulty = new FaultyRemote(
        new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve("r")).toString())));
    remote = new RetryingRemote(faulty, FAST);
  }

  @Test
  void transientFaultsAreRetriedUntilTheySucceed() {
    for (Fault f : new Fault[] {Fault.SERVER_ERROR, Fault.RESET, Fault.TIMEOUT}) {
      faulty.timeout(Duration.ofMillis(20)).failNext(3, f);
      int before = faulty.calls();
      remote.put(key, "v".getBytes(UTF_8));
      assertEquals(4, faulty.calls() - before, f + ": three failures, then the try that worked");
      faulty.failNext(2, f);
      assertArrayEquals("v".getBytes(UTF_8), remote.get(key));
      faulty.failNext(4, f);
      assertEquals(1, remote.list("versions/").size());
    }
  }

  @Test
  void persistentFailureIsUnreachableAfterBoundedTries() {
    faulty.failAlways(Fault.SERVER_ERROR);
    RemoteUnreachableException e = assertThrows(RemoteUnreachableException.class, () -> remote.get(key));
    assertEquals(5, faulty.calls());
    assertTrue(e.getMessage().startsWith("remote " + faulty.url() + " is unreachable: "), e.getMessage());
    assertTrue(e.getMessage().contains("5 tries in"), e.getMessage());
  }

  @Test
  void anUnreachableRemoteFailsWithinTheTimeBudget() {
    // many tries allowed, but each one hangs for a while: the total time decides
    Remote bounded = new RetryingRemote(faulty,
        new RetryPolicy(1000, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2)));
    faulty.timeout(Duration.ofMillis(300)).failAlways(Fault.TIMEOUT);
    long start = System.nanoTime();
    assertThrows(RemoteUnreachableException.class, () -> bounded.put(key, new byte[] {1}));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 1.5 && seconds < 4, "gave up after " + seconds + " s");
    assertTrue(faulty.calls() < 10, faulty.calls() + " tries");
  }

  @Test
  void aRemoteThatNoConnectionReachesGetsTheShorterBudget() {
    // no time left once nothing connects: a refused connection is tried once, a server error as often as allowed
    Remote remote = new RetryingRemote(faulty,
        new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(5), Duration.ZERO));
    faulty.failAlways(Fault.REFUSED);
    RemoteUnreachableException e = assertThrows(RemoteUnreachableException.class, () -> remote.get(key));
    assertEquals(1, faulty.calls());
    assertTrue(e.getMessage().contains("connection refused") && e.getMessage().contains("1 try in"), e.getMessage());

    faulty.failAlways(Fault.SERVER_ERROR);
    assertThrows(RemoteUnreachableException.class, () -> remote.get(key));
    assertEquals(1 + 5, faulty.calls());

    assertTrue(RetryingRemote.noConnection(new RuntimeException(new java.net.UnknownHostException("nope.invalid"))));
    assertTrue(!RetryingRemote.noConnection(new RuntimeException(new java.net.SocketException("Connection reset"))));
  }

  @Test
  void accessDeniedAndNotFoundAreNeverRetried() throws Exception {
    faulty.failAlways(Fault.DENIED);
    assertThrows(RemoteAccessDeniedException.class, () -> remote.get(key));
    assertEquals(1, faulty.calls());

    faulty.heal();
    assertThrows(RemoteObjectNotFoundException.class, () -> remote.get(key));
    assertEquals(2, faulty.calls());

    Remote missing = new RetryingRemote(
        new FaultyRemote(new LocalFolderRemote(RemoteUrl.parse(tmp.resolve("none").toString()))), FAST);
    assertThrows(RemoteNotFoundException.class, () -> missing.list(""));
  }

  @Test
  void aCreateWhoseReplyWasLostIsStillOurs() {
    faulty.failNext(1, Fault.LOST_REPLY);
    assertEquals(CreateResult.CREATED, remote.create(key, "mine".getBytes(UTF_8)));
    assertEquals(2, faulty.calls() - 1, "the lost reply, the retry, and the read back");
    assertEquals("mine", new String(remote.get(key), UTF_8));
  }

  @Test
  void aRetriedCreateThatFindsSomeoneElsesObjectLost() {
    faulty.failNext(1, Fault.RESET);
    remote.put(key, "theirs".getBytes(UTF_8));
    faulty.failNext(1, Fault.SERVER_ERROR);
    assertEquals(CreateResult.ALREADY_EXISTS, remote.create(key, "mine".getBytes(UTF_8)));
    assertEquals("theirs", new String(remote.get(key), UTF_8));
  }

  @Test
  void delaysGrowExponentiallyUpToTheCap() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10));
    assertEquals(Duration.ofMillis(100).toNanos(), p.delayCapNanos(1));
    assertEquals(Duration.ofMillis(400).toNanos(), p.delayCapNanos(3));
    assertEquals(Duration.ofSeconds(1).toNanos(), p.delayCapNanos(5));
    assertEquals(Duration.ofSeconds(1).toNanos(), p.delayCapNanos(200));
  }
}
