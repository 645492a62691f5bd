package io.datafs.remote.azure;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Azurite blob service ({@code azurite-blob} from npm, as scripts/setup.sh --test installs it) in a child
 * process on a free loopback port, with its data in a temporary folder. A missing Azurite fails the tests that
 * need it, unless DATAFS_SKIP_AZURE_TESTS=1 says to skip them.
 */
public final class Azurite implements AutoCloseable {
  /** Azurite's well-known development account (public, documented by Microsoft). */
  public static final String ACCOUNT = "devstoreaccount1";
  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final Duration START = Duration.ofSeconds(60);

  private static Azurite shared;

  private final Process process;
  private final int port;
  private final Path log;

  private Azurite(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The Azurite every test class of this JVM shares (one start, not one a class), with {@code container} created in
   * it; each class uses a container of its own. Stopped, and its data deleted, when the JVM exits.
   */
  public static synchronized Azurite shared(String container) throws Exception {
    if (shared == null) {
      Path dir = Files.createTempDirectory("datafs-azurite");
      Azurite started = start(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
          try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
          }
        } catch (Exception e) {
          System.err.println("stopping " + started + ": " + e);
        }
      }));
      shared = started;
    }
    AzureClients.fromConnectionString(shared.connectionString(KEY)).createBlobContainer(container);
    return shared;
  }

  public static Azurite start(Path dir) throws Exception {
    Path binary = find();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path data = Files.createDirectories(dir.resolve("azurite"));
    Path log = dir.resolve("azurite.log");
    List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--blobHost", "127.0.0.1", "--blobPort",
        String.valueOf(port), "--location", data.toString(), "--skipApiVersionCheck", "--disableTelemetry",
        "--silent"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Azurite azurite = new Azurite(p, port, log);
    long deadline = System.nanoTime() + START.toNanos();
    while (!azurite.listening()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        azurite.close();
        fail("azurite-blob did not start on port " + port + ": " + Files.readString(log).strip());
      }
      Thread.sleep(50);
    }
    return azurite;
  }

  public String connectionString(String key) {
    return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + key
        + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
  }

  private boolean listening() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** azurite-blob on PATH, else in npm's global prefix; failing that, fail (or skip, when told to). */
  private static Path find() throws Exception {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "azurite-blob");
      if (Files.isExecutable(p)) return p;
    }
    try {
      Process npm = new ProcessBuilder("npm", "prefix", "-g").redirectErrorStream(false).start();
      String prefix = new String(npm.getInputStream().readAllBytes()).strip();
      if (npm.waitFor(30, TimeUnit.SECONDS) && !prefix.isEmpty()) {
        Path p = Path.of(prefix, "bin", "azurite-blob");
        if (Files.isExecutable(p)) return p;
      }
    } catch (IOException noNpm) {
      // no npm either: fall through to the message below
    }
    if ("1".equals(System.getenv("DATAFS_SKIP_AZURE_TESTS"))) {
      // surefire counts a class skipped in @BeforeAll as 0 tests run: say it where people look
      System.err.println("SKIPPED: the Azure Blob tests (DATAFS_SKIP_AZURE_TESTS=1 and no azurite-blob)");
      Assumptions.abort("DATAFS_SKIP_AZURE_TESTS=1: Azure Blob tests skipped");
    }
    return fail("azurite-blob not found on PATH or in npm's global prefix: run scripts/setup.sh --test "
        + "(or set DATAFS_SKIP_AZURE_TESTS=1 to skip the Azure Blob tests)");
  }

  @Override
  public void close() throws Exception {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "azurite on 127.0.0.1:" + port + " (log " + log + ")";
  }
}
