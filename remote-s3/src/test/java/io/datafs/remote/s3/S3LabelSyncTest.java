package io.datafs.remote.s3;

import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.sync.LabelSyncContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Labels travel with push and pull through a real S3 server: S3Proxy 4.x in this JVM, in memory. */
class S3LabelSyncTest extends LabelSyncContract {
  private static final String BUCKET = "datafs-labels";
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static S3ProxyServer server;

  @BeforeAll
  static void startS3Proxy() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (server != null) server.close();
  }

  @Override
  protected Remote open() {
    RemoteUrl url = RemoteUrl.parse("s3://" + BUCKET + "/registry/t" + PREFIXES.incrementAndGet());
    return new S3Remote(url, S3Clients.build(server.endpoint(), StaticCredentialsProvider.create(
        AwsBasicCredentials.create(S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL)), Region.US_EAST_1));
  }
}
