package io.datafs.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A second JVM on this test's class path, whose output (stdout and stderr) is read line by line. */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>(); // guarded by this
  private boolean ended; // guarded by this: the output reached its end

  private ChildJvm(Process process) {
    this.process = process;
    Thread reader = new Thread(this::readOutput, "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // small and quick to start: the machine is shared
        "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private void readOutput() {
    try (BufferedReader out = process.inputReader(UTF_8)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the pipe broke: the child is gone, which the waits below report
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** Waits until the child prints a line that matches, and returns it. */
  synchronized String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int seen = 0; ; ) {
      for (; seen < lines.size(); seen++) {
        if (match.test(lines.get(seen))) return lines.get(seen);
      }
      if (ended) fail("the child's output ended without the line expected:\n" + output());
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) fail("the child printed no such line within " + timeout + ":\n" + output());
      wait(left);
    }
  }

  /** Waits for the child to exit and its output to end; returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      fail("the child did not exit within " + timeout + ":\n" + output());
    }
    awaitOutputEnd(timeout);
    return process.exitValue();
  }

  /** Kills the child as a crash would (SIGKILL), and waits until it is gone. */
  void kill(Duration timeout) throws InterruptedException {
    process.destroyForcibly();
    awaitExit(timeout);
  }

  private synchronized void awaitOutputEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ended) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) fail("the child's output did not end within " + timeout);
      wait(left);
    }
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  synchronized String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
