package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs the real {@code bin/datafs} launcher in a child process against one store home. */
final class Datafs {
  static final Path ROOT = Path.of(System.getProperty("datafs.root", "..")).toAbsolutePath().normalize();
  static final Path LAUNCHER = ROOT.resolve("bin/datafs");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path home;
  private final Map<String, String> extraEnv;

  Datafs(Path home) {
    this(home, Map.of());
  }

  private Datafs(Path home, Map<String, String> extraEnv) {
    this.home = home;
    this.extraEnv = extraEnv;
  }

  /** The same home, with one more variable in the environment of the commands (and of a daemon they start). */
  Datafs withEnv(String name, String value) {
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put(name, value);
    return new Datafs(home, Map.copyOf(env));
  }

  Path home() {
    return home;
  }

  /** Stops this home's daemon if one runs (a no-op otherwise). */
  void stopDaemon() {
    Result r = run("daemon", "stop");
    if (r.exit() != 0) System.err.println("stopping the daemon of " + home + ": " + r.err());
  }

  /** kill -9 of this home's daemon, returning once it is gone. */
  void killDaemon() throws Exception {
    long pid = Long.parseLong(Files.readString(home.resolve("daemon.pid")).strip());
    assertEquals(0, Trees.sh("kill", "-9", Long.toString(pid)).exit());
    awaitDaemonGone();
  }

  /** Returns once the daemon named in daemon.pid (if any) has exited; fails after 20 s. */
  void awaitDaemonGone() throws Exception {
    Path pidFile = home.resolve("daemon.pid");
    if (!Files.exists(pidFile)) return;
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> daemon = ProcessHandle.of(pid);
    if (daemon.isPresent()) {
      try {
        daemon.get().onExit().get(20, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        fail("daemon " + pid + " still running");
      }
    }
  }

  record Result(int exit, byte[] out, String err) {
    String stdout() {
      return new String(out, StandardCharsets.UTF_8);
    }

    List<String> lines() {
      String s = stdout();
      return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }

    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + stdout(), e);
      }
    }
  }

  /** Runs and returns whatever happened. */
  Result run(String... args) {
    return start(args).await();
  }

  /** Runs and insists on exit 0. */
  Result ok(String... args) {
    Result r = run(args);
    if (r.exit() != 0) fail("datafs " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
    return r;
  }

  /** Runs and insists on a failure with exit {@code code} and a single line on stderr. */
  String fails(int code, String... args) {
    return failure(code, "datafs " + String.join(" ", args), run(args));
  }

  /**
   * Runs a bash script in which {@code $DATAFS} is the launcher, for arguments a Java string cannot carry (bytes that
   * are not UTF-8, as {@code $'\xff'}), and insists on a failure as {@link #fails} does.
   */
  String shellFails(int code, String script) {
    List<String> cmd = List.of("bash", "-c", script);
    return failure(code, script, start(cmd).await());
  }

  /** Runs a bash script in which {@code $DATAFS} is the launcher, whatever its exit. */
  Result shell(String script) {
    return start(List.of("bash", "-c", script)).await();
  }

  private static String failure(int code, String what, Result r) {
    assertEquals(code, r.exit(), () -> what + ": " + r.err() + r.stdout());
    String err = r.err().strip();
    if (code == 1 && (err.isEmpty() || err.lines().count() != 1 || !err.startsWith("datafs: "))) {
      fail("expected one 'datafs: ...' line on stderr, got: " + err);
    }
    return err;
  }

  Running start(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(LAUNCHER.toString());
    cmd.addAll(List.of(args));
    return start(cmd);
  }

  private Running start(List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("DATAFS_HOME", home.toString());
    env.put("DATAFS_AUTHOR", "tester");
    env.put("DATAFS", LAUNCHER.toString());
    env.remove("DATAFS_LOG"); // the daemon logs at its default level, whatever the developer's shell says
    env.putAll(extraEnv);
    try {
      return new Running(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A datafs process under way; its output is drained as it runs. */
  static final class Running {
    final Process process;
    private final CompletableFuture<byte[]> out;
    private final CompletableFuture<byte[]> err;

    Running(Process p) {
      this.process = p;
      try {
        p.getOutputStream().close();
      } catch (IOException ignored) {
        // no input is ever given
      }
      this.out = drain(p.getInputStream());
      this.err = drain(p.getErrorStream());
    }

    Result await() {
      try {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          fail("datafs did not finish within 10 minutes");
        }
        return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** On its own thread: the common pool may have a single thread on two cores, and drains block. */
    private static CompletableFuture<byte[]> drain(InputStream in) {
      CompletableFuture<byte[]> f = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try (in) {
          f.complete(in.readAllBytes());
        } catch (IOException e) {
          f.completeExceptionally(e);
        }
      }, "drain");
      t.setDaemon(true);
      t.start();
      return f;
    }
  }
}
