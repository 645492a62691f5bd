package io.datafs.remote.s3;

import io.datafs.core.gc.RemoteGcContract;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteUrl;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** {@link RemoteGcContract} on S3Proxy: listings' LastModified times, conditional creates, the push race. */
class S3RemoteGcTest extends RemoteGcContract {
  private static S3ProxyServer server;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @BeforeAll
  static void startS3Proxy() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(S3RemoteTest.BUCKET);
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (server != null) server.close();
  }

  @Override
  protected Remote open() {
    RemoteUrl url = RemoteUrl.parse("s3://" + S3RemoteTest.BUCKET + "/gc/t" + PREFIXES.incrementAndGet());
    return new S3Remote(url, S3Clients.build(server.endpoint(), StaticCredentialsProvider.create(
        AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL)), Region.US_EAST_1));
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
