package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.bench.CountingProxy;
import io.datafs.remote.s3.S3ProxyServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** push and pull through a real S3 server (S3Proxy in this JVM, signed requests), with the real launcher. */
class S3SyncTest {
  static final String BUCKET = "registry";
  private static S3ProxyServer s3;

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) s3.close();
  }

  private Datafs home(String name, String secret) {
    return homes.at(tmp.resolve(name)).withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
        .withEnv("AWS_SECRET_ACCESS_KEY", secret).withEnv("AWS_REGION", "us-east-1");
  }

  @Test
  void aRoundTripThroughS3UploadsNothingTheSecondTime() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    try (CountingProxy proxy = new CountingProxy(s3.port())) {
      Datafs a = home("a", S3ProxyServer.CREDENTIAL);
      a.ok("remote", "add", "origin", "s3://" + BUCKET + "/teams/ml", "--endpoint", proxy.endpoint());
      a.ok("import", src.toString(), "cats");
      a.ok("tag", "cats", "release-1");
      assertTrue(a.ok("push").stdout().startsWith("pushed cats@v1 to origin (s3://" + BUCKET + "/teams/ml): 3 packs"));
      assertTrue(proxy.bytesUp() > 9 << 20, "the packs went up: " + proxy.bytesUp());
      proxy.reset();
      assertTrue(a.ok("push").stdout().startsWith("everything is up to date"));
      assertTrue(proxy.bytesUp() < 20_000, "pushing again sends requests, no content: " + proxy.bytesUp() + " bytes");

      Datafs b = home("b", S3ProxyServer.CREDENTIAL);
      b.ok("remote", "add", "origin", "s3://" + BUCKET + "/teams/ml", "--endpoint", proxy.endpoint());
      assertTrue(b.ok("log", "cats", "--remote").stdout().contains("(release-1)"));
      b.ok("pull", "cats@release-1");
      Path out = tmp.resolve("out");
      b.ok("export", "cats", out.toString());
      Trees.assertSameTree(src, out);
    }
  }

  @Test
  void wrongCredentialsAndAMissingBucketAreOneClearLine() throws Exception {
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs wrong = home("wrong", "not-the-credential");
    wrong.ok("remote", "add", "origin", "s3://" + BUCKET + "/denied", "--endpoint", s3.endpoint().toString());
    wrong.ok("import", src.toString(), "cats");
    String denied = wrong.fails(1, "push");
    assertTrue(denied.startsWith("datafs: access denied to remote s3://" + BUCKET + "/denied"), denied);
    assertFalse(denied.contains("not-the-credential"), "no secret in messages");
    assertTrue(wrong.fails(1, "datasets", "--remote").contains("access denied"));

    Datafs missing = home("missing", S3ProxyServer.CREDENTIAL);
    missing.ok("remote", "add", "origin", "s3://no-such-bucket/x", "--endpoint", s3.endpoint().toString());
    missing.ok("import", src.toString(), "cats");
    assertEquals("datafs: bucket 'no-such-bucket' does not exist (remote s3://no-such-bucket/x)",
        missing.fails(1, "push"));
    assertEquals("datafs: bucket 'no-such-bucket' does not exist (remote s3://no-such-bucket/x)",
        missing.fails(1, "pull", "cats"));
  }
}
