package io.datafs.daemon;

import io.datafs.core.error.DatafsException;
import io.datafs.core.store.HomeCheck;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the CLI reaches the daemon of a store home: connect to its socket, starting the daemon first when
 * none answers, send the command line, relay its output, return its exit status.
 */
public final class DaemonClient {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final DaemonPaths paths;

  public DaemonClient(Path home) {
    this.paths = new DaemonPaths(home);
  }

  /**
   * Runs a command line in the daemon (started if needed) and returns its exit status. A home that is not this
   * user's own is refused first ({@link DaemonPaths#prepare}), before anything in it is opened or a daemon started.
   */
  public int run(Request request, PrintStream out, PrintStream err) throws IOException {
    paths.prepare();
    try (SocketChannel ch = connectOrStart()) {
      DataOutputStream o = new DataOutputStream(Channels.newOutputStream(ch));
      ControlServer.send(o, request);
      return Frames.pump(Channels.newInputStream(ch), out, err);
    }
  }

  /** Connects to a running daemon, or returns null when none answers; refuses a home not this user's own. */
  public SocketChannel connect() throws IOException {
    paths.check();
    return tryConnect();
  }

  private SocketChannel tryConnect() throws IOException {
    Path socket = paths.socket();
    if (!Files.exists(socket)) return null;
    HomeCheck.file(socket, "the daemon socket");
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return ch;
    } catch (IOException e) {
      ch.close();
      return null; // a socket file with no daemon behind it: left by a killed daemon
    }
  }

  private SocketChannel connectOrStart() throws IOException {
    SocketChannel ch = tryConnect();
    if (ch != null) return ch;
    Process daemon = spawn();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      ch = tryConnect();
      if (ch != null) return ch;
      // Exit 3 means another daemon won the race to start: keep waiting for its socket.
      if (!daemon.isAlive() && daemon.exitValue() != 3) {
        throw new DatafsException("the datafs daemon did not start: " + lastLine(paths.log()));
      }
      try {
        daemon.waitFor(25, java.util.concurrent.TimeUnit.MILLISECONDS); // its exit, or time to look again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatafsException("interrupted while starting the datafs daemon");
      }
    }
    throw new DatafsException("the datafs daemon did not answer within " + START_TIMEOUT.toSeconds() + " s (see "
        + paths.log() + ")");
  }

  /**
   * Starts {@code datafs daemon --foreground} in its own session, so a Ctrl-C on this command spares it. Its output
   * is appended to {@code daemon.log}, made here first (0600, never through a link): the home passed {@link
   * DaemonPaths#check}, so no other user can put a link in its place before the child opens it by name.
   */
  private Process spawn() throws IOException {
    HomeCheck.open(paths.log(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND).close();
    HomeCheck.file(paths.log(), "the daemon log");
    List<String> cmd = new ArrayList<>();
    cmd.add("setsid");
    cmd.addAll(launcher());
    // Started on demand, so it also stops on its own once nothing uses it.
    cmd.addAll(List.of("daemon", "--foreground", "--idle-exit", "600", "--home", paths.home().toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.log().toFile()))
        .redirectErrorStream(true);
    return pb.start();
  }

  /**
   * Loads what {@link #run} loads, with no daemon: a request written to nowhere, an exit frame read back. The run of
   * bin/datafs that records the client's class archive calls it, so the archive serves the commands that reach the
   * daemon whatever command that run was.
   */
  public static void loadClasses() throws IOException {
    ControlServer.send(new DataOutputStream(java.io.OutputStream.nullOutputStream()),
        new Request(List.of("log"), "/", false, java.util.Map.of("DATAFS_AUTHOR", "a")));
    java.io.ByteArrayOutputStream frames = new java.io.ByteArrayOutputStream();
    Frames.exit(new DataOutputStream(frames), 0);
    PrintStream nowhere = new PrintStream(java.io.OutputStream.nullOutputStream());
    Frames.pump(new java.io.ByteArrayInputStream(frames.toByteArray()), nowhere, nowhere);
    SocketChannel.open(StandardProtocolFamily.UNIX).close();
  }

  /** bin/datafs says where it is; otherwise (tests, embedding) this JVM's own java and class path. */
  static List<String> launcher() {
    String script = System.getenv("DATAFS_LAUNCHER");
    if (script != null && !script.isBlank()) return List.of(script);
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(java, "-cp", System.getProperty("java.class.path"), "io.datafs.cli.Main");
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = new String(HomeCheck.read(log), StandardCharsets.UTF_8).lines().toList();
      for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).isBlank()) return lines.get(i).strip();
    } catch (IOException | DatafsException ignored) {
      // fall through
    }
    return "see " + log;
  }
}
