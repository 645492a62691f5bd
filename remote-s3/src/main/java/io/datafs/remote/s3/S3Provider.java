package io.datafs.remote.s3;

import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteProvider;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.WarmUpServer;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code s3://bucket/prefix}. Keys and region come from the environment the options carry (the daemon's, or a
 * test's) when it has them, else from the AWS SDK's default sources (profile, web identity, instance role).
 */
public final class S3Provider implements RemoteProvider {
  @Override
  public String scheme() {
    return RemoteUrl.S3;
  }

  @Override
  public Remote open(RemoteUrl url, RemoteOptions options) {
    Map<String, String> env = options.env();
    String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
    return new S3Remote(url,
        S3Clients.build(options.endpoint(), credentials(env), region == null ? null : Region.of(region)));
  }

  /** Builds a client and runs one GET (answered 404) against a loopback server: the SDK's classes, set up. */
  @Override
  public void warmUp() {
    try (WarmUpServer server = new WarmUpServer()) {
      warmUp(server);
    } catch (java.io.IOException expected) {
      // no loopback socket: nothing warmed, nothing lost
    }
  }

  static void warmUp(WarmUpServer server) {
    try (S3Remote remote = new S3Remote(RemoteUrl.parse("s3://warm-up/datafs"), S3Clients.build(server.endpoint(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("warm-up", "warm-up")), Region.US_EAST_1))) {
      remote.get(RemoteKey.of("datafs.json"));
    } catch (RuntimeException expected) {
      // the 404 (or anything else): the classes are loaded either way
    }
  }

  private static AwsCredentialsProvider credentials(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || secret == null) return null;
    String token = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(token == null
        ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
  }
}
