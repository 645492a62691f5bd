package io.datafs.remote.azure;

import com.azure.storage.blob.BlobServiceClient;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteContract;
import io.datafs.core.remote.RemoteUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Remote contract against a real Azure Blob service: Azurite 3.35.0 in a child process on loopback. */
class AzureBlobRemoteTest extends RemoteContract {
  static final String CONTAINER = "datafs-test";
  /** A well-formed key that is not the account's. */
  static final String WRONG_KEY = Base64.getEncoder().encodeToString(new byte[64]);

  private static Path dir;
  private static Azurite azurite;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @BeforeAll
  static void startAzurite() throws Exception {
    dir = Files.createTempDirectory("datafs-azurite");
    azurite = Azurite.start(dir);
    AzureClients.fromConnectionString(azurite.connectionString(Azurite.KEY)).createBlobContainer(CONTAINER);
  }

  @AfterAll
  static void stopAzurite() throws Exception {
    if (azurite != null) azurite.close();
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static BlobServiceClient service(String key) {
    return AzureClients.fromConnectionString(azurite.connectionString(key));
  }

  @Override
  protected Remote open() {
    // every test under its own prefix of one container: the prefix handling is under test too
    return new AzureBlobRemote(RemoteUrl.parse("az://" + CONTAINER + "/registry/t" + PREFIXES.incrementAndGet()), service(Azurite.KEY));
  }

  @Override
  protected Remote openMissing() {
    return new AzureBlobRemote(RemoteUrl.parse("az://no-such-container/registry"), service(Azurite.KEY));
  }

  @Override
  protected Remote openWithWrongCredentials() {
    return new AzureBlobRemote(RemoteUrl.parse("az://" + CONTAINER + "/registry"), service(WRONG_KEY));
  }

  @Override
  protected List<String> secrets() {
    return List.of(Azurite.KEY, WRONG_KEY);
  }
}
