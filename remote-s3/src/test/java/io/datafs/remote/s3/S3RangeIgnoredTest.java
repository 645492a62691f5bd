package io.datafs.remote.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteContract;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.RetryPolicy;
import io.datafs.core.remote.RetryingRemote;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The remote contract, unchanged, against an S3 server that ignores Range and answers every GET with the whole
 * object (S3Proxy behind {@link RangeDroppingProxy}): ranged reads and streams still get exactly their range.
 */
class S3RangeIgnoredTest extends RemoteContract {
  static final String BUCKET = "datafs-no-range";
  private static S3ProxyServer server;
  private static RangeDroppingProxy proxy;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.startUnauthenticated();
    server.createBucket(BUCKET);
    proxy = new RangeDroppingProxy(server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) proxy.close();
    if (server != null) server.close();
  }

  /**
   * Retried as the daemon's remotes are: S3Proxy now and then closes a kept-alive connection the proxy holds just as
   * the client reuses it, a transient failure RetryingRemote is there for.
   */
  private static Remote remote(String url) {
    return new RetryingRemote(new S3Remote(RemoteUrl.parse(url), S3Clients.build(
        URI.create("http://127.0.0.1:" + proxy.port()), StaticCredentialsProvider.create(
            AwsBasicCredentials.create("any", "any")), Region.US_EAST_1)), RetryPolicy.DEFAULT);
  }

  @Override
  protected Remote open() {
    return remote("s3://" + BUCKET + "/registry/t" + PREFIXES.incrementAndGet());
  }

  @Override
  protected Remote openMissing() {
    return remote("s3://no-such-bucket/registry");
  }

  @Test
  void aRangeTheServerIgnoresIsCutFromTheWholeObject() throws Exception {
    byte[] object = new byte[3 << 20];
    new Random(3).nextBytes(object);
    RemoteKey key = RemoteKey.of("packs/a.pack");
    remote().put(key, object);
    int before = proxy.dropped();
    assertArrayEquals(Arrays.copyOfRange(object, 1_000_000, 1_000_100), remote().read(key, 1_000_000, 100));
    try (InputStream in = remote().open(key, 5, 2 << 20)) {
      assertArrayEquals(Arrays.copyOfRange(object, 5, 5 + (2 << 20)), in.readAllBytes());
    }
    assertArrayEquals(Arrays.copyOfRange(object, object.length - 10, object.length),
        remote().read(key, object.length - 10, 50), "a range past the end: what there is");
    assertTrue(proxy.dropped() >= before + 3, "the server saw no Range: " + (proxy.dropped() - before) + " dropped");
  }
}
