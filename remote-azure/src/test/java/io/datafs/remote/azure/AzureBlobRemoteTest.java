package io.datafs.remote.azure;

import com.azure.storage.blob.BlobServiceClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.remote.BlackHole;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.CredentialedRemoteContract;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.Remotes;
import io.datafs.core.remote.RetryPolicy;
import io.datafs.core.remote.RetryingRemote;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Remote contract against a real Azure Blob service: Azurite 3.35.0 in a child process on loopback. */
class AzureBlobRemoteTest extends CredentialedRemoteContract {
  static final String CONTAINER = "datafs-test";
  /** A well-formed key that is not the account's. */
  static final String WRONG_KEY = Base64.getEncoder().encodeToString(new byte[64]);

  private static Azurite azurite;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @BeforeAll
  static void startAzurite() throws Exception {
    azurite = Azurite.shared(CONTAINER);
  }

  private static BlobServiceClient service(String key) {
    return AzureClients.fromConnectionString(azurite.connectionString(key));
  }

  @Override
  protected Remote open() {
    // every test under its own prefix of one container: the prefix handling is under test too
    return new AzureBlobRemote(RemoteUrl.parse("az://" + CONTAINER + "/registry/t" + PREFIXES.incrementAndGet()),
        service(Azurite.KEY));
  }

  @Override
  protected Remote openMissing() {
    return new AzureBlobRemote(RemoteUrl.parse("az://no-such-container/registry"), service(Azurite.KEY));
  }

  @Override
  protected Remote openWithWrongCredentials() {
    return new AzureBlobRemote(RemoteUrl.parse("az://" + CONTAINER + "/registry"), service(WRONG_KEY));
  }

  @Test
  void theProviderOpensFromTheEnvironmentThroughRemotes() {
    Remotes remotes = Remotes.load();
    RemoteUrl url = RemoteUrl.parse("az://" + CONTAINER + "/provider");
    assertTrue(remotes.provider(url) instanceof AzureProvider);
    RemoteAccessDeniedException none = assertThrows(RemoteAccessDeniedException.class,
        () -> remotes.open(url, new RemoteOptions(null, Map.of())));
    assertEquals(
        "no Azure credentials: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY",
        none.getMessage());
    RemoteOptions options = new RemoteOptions(null,
        Map.of("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString(Azurite.KEY)));
    try (Remote r = remotes.open(url, options)) {
      assertEquals(CreateResult.CREATED, r.create(RemoteKey.of("datafs.json"), new byte[] {1}));
      assertEquals(List.of(RemoteKey.of("datafs.json")), r.list(""));
    }
  }

  @Test
  void anUnreachableServiceIsReportedWithinSeconds() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String nowhere = azurite.connectionString(Azurite.KEY).replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + closed);
    long start = System.nanoTime();
    try (Remote r = Remotes.load().open(RemoteUrl.parse("az://" + CONTAINER), new RemoteOptions(null,
        Map.of("AZURE_STORAGE_CONNECTION_STRING", nowhere)))) {
      RemoteUnreachableException e = assertThrows(RemoteUnreachableException.class, () -> r.get(RemoteKey.of("x")));
      assertTrue(e.getMessage().startsWith("remote az://" + CONTAINER + " is unreachable: "), e.getMessage());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds < 20, "took " + seconds + " s");
  }

  @Test
  void aServiceThatHangsIsReportedWithinSeconds() throws Exception {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(2));
    try (BlackHole hole = new BlackHole()) {
      String hanging = azurite.connectionString(Azurite.KEY).replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:"
          + hole.port());
      Remote r = new RetryingRemote(new AzureBlobRemote(RemoteUrl.parse("az://" + CONTAINER),
          AzureClients.fromConnectionString(hanging, Duration.ofSeconds(1))), policy);
      long start = System.nanoTime();
      assertThrows(RemoteUnreachableException.class, () -> r.read(RemoteKey.of("x"), 0, 10));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds >= 2 && seconds < 10, "took " + seconds + " s");
    }
  }

  @Override
  protected List<String> secrets() {
    return List.of(Azurite.KEY, WRONG_KEY);
  }
}
