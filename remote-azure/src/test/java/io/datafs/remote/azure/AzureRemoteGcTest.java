package io.datafs.remote.azure;

import io.datafs.core.gc.RemoteGcContract;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteUrl;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;

/** {@link RemoteGcContract} on Azurite: listings' last-modified times, conditional creates, the push race. */
class AzureRemoteGcTest extends RemoteGcContract {
  private static final String CONTAINER = "datafs-gc-test";
  private static Azurite azurite;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @BeforeAll
  static void startAzurite() throws Exception {
    azurite = Azurite.shared(CONTAINER);
  }

  @Override
  protected Remote open() {
    return new AzureBlobRemote(RemoteUrl.parse("az://" + CONTAINER + "/gc/t" + PREFIXES.incrementAndGet()),
        AzureClients.fromConnectionString(azurite.connectionString(Azurite.KEY)));
  }

  @Override
  protected Duration timeGranularity() {
    return Duration.ofMillis(1100);
  }

  @Override
  protected int raceRounds() {
    return 5;
  }
}
