package io.datafs.remote.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.remote.BlackHole;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.FaultyRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.CredentialedRemoteContract;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.Remotes;
import io.datafs.core.remote.RetryPolicy;
import io.datafs.core.remote.RetryingRemote;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The Remote contract against a real S3 server: S3Proxy 4.x in this JVM, in memory, on a loopback port. */
class S3RemoteTest extends CredentialedRemoteContract {
  static final String IDENTITY = S3ProxyServer.IDENTITY;
  static final String CREDENTIAL = S3ProxyServer.CREDENTIAL;
  static final String WRONG_CREDENTIAL = "not-the-credential-9a7c";
  static final String BUCKET = "datafs-test";

  private static S3ProxyServer server;
  private static URI endpoint;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @BeforeAll
  static void startS3Proxy() throws Exception {
    server = S3ProxyServer.start();
    server.createBucket(BUCKET);
    endpoint = server.endpoint();
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    if (server != null) server.close();
  }

  static S3Client client(String credential) {
    return S3Clients.build(endpoint, StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, credential)),
        Region.US_EAST_1);
  }

  @Override
  protected Remote open() {
    // every test under its own prefix of one bucket: the prefix handling is under test too
    RemoteUrl url = RemoteUrl.parse("s3://" + BUCKET + "/registry/t" + PREFIXES.incrementAndGet());
    return new S3Remote(url, client(CREDENTIAL));
  }

  @Override
  protected Remote openMissing() {
    return new S3Remote(RemoteUrl.parse("s3://no-such-bucket/registry"), client(CREDENTIAL));
  }

  @Override
  protected Remote openWithWrongCredentials() {
    return new S3Remote(RemoteUrl.parse("s3://" + BUCKET + "/registry"), client(WRONG_CREDENTIAL));
  }

  @Test
  void theProviderOpensFromTheEnvironmentThroughRemotes() {
    Remotes remotes = Remotes.load();
    assertTrue(remotes.provider(RemoteUrl.parse("s3://" + BUCKET)) instanceof S3Provider);
    RemoteOptions options = new RemoteOptions(endpoint,
        Map.of("AWS_ACCESS_KEY_ID", IDENTITY, "AWS_SECRET_ACCESS_KEY", CREDENTIAL, "AWS_REGION", "eu-west-3"));
    try (Remote r = remotes.open(RemoteUrl.parse("s3://" + BUCKET + "/provider"), options)) {
      assertEquals(CreateResult.CREATED, r.create(RemoteKey.of("datafs.json"), new byte[] {1}));
      assertEquals(List.of(RemoteKey.of("datafs.json")), r.list(""));
    }
  }

  @Test
  void anUnreachableEndpointIsReportedWithinSeconds() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    RemoteOptions options = new RemoteOptions(URI.create("http://127.0.0.1:" + closed),
        Map.of("AWS_ACCESS_KEY_ID", IDENTITY, "AWS_SECRET_ACCESS_KEY", CREDENTIAL));
    long start = System.nanoTime();
    try (Remote r = Remotes.load().open(RemoteUrl.parse("s3://" + BUCKET), options)) {
      RemoteUnreachableException e = assertThrows(RemoteUnreachableException.class, () -> r.get(RemoteKey.of("x")));
      assertTrue(e.getMessage().startsWith("remote s3://" + BUCKET + " is unreachable: "), e.getMessage());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds < 20, "took " + seconds + " s");
  }

  @Test
  void aServerThatHangsIsReportedWithinSeconds() throws Exception {
    RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(2));
    try (BlackHole hole = new BlackHole();
         Remote r = new RetryingRemote(new S3Remote(RemoteUrl.parse("s3://" + BUCKET), S3Clients.build(
             URI.create("http://127.0.0.1:" + hole.port()), StaticCredentialsProvider.create(
                 AwsBasicCredentials.create(IDENTITY, CREDENTIAL)), Region.US_EAST_1, Duration.ofSeconds(1))),
             policy)) {
      long start = System.nanoTime();
      RemoteUnreachableException e = assertThrows(RemoteUnreachableException.class,
          () -> r.read(RemoteKey.of("x"), 0, 10));
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertTrue(seconds >= 2 && seconds < 10, "took " + seconds + " s");
    }
  }

  @Test
  void faultsInFrontOfS3AreRetried() {
    FaultyRemote faulty = new FaultyRemote(open());
    try (Remote r = new RetryingRemote(faulty,
        new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(10)))) {
      faulty.failNext(1, FaultyRemote.Fault.LOST_REPLY);
      assertEquals(CreateResult.CREATED, r.create(RemoteKey.of("versions/cats/1.json"), new byte[] {7}));
      faulty.failNext(3, FaultyRemote.Fault.RESET);
      assertEquals(CreateResult.ALREADY_EXISTS, r.create(RemoteKey.of("versions/cats/1.json"), new byte[] {8}));
      faulty.failAlways(FaultyRemote.Fault.DENIED);
      int before = faulty.calls();
      assertThrows(RemoteAccessDeniedException.class, () -> r.get(RemoteKey.of("versions/cats/1.json")));
      assertEquals(before + 1, faulty.calls());
    }
  }

  @Override
  protected List<String> secrets() {
    return List.of(CREDENTIAL, WRONG_CREDENTIAL);
  }
}
