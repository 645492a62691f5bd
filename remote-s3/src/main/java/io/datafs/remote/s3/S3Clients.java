package io.datafs.remote.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client of a remote: settings that S3-compatible servers and bounded failures need. */
public final class S3Clients {
  /** A connection that does not open within this is a transient failure, retried by RetryingRemote. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /**
   * No byte for this long on an open connection is a timeout (a transient failure). Short, so that a server
   * that accepts and then hangs is reported in seconds; data that flows never trips it.
   */
  static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);

  private S3Clients() {}

  /**
   * @param endpoint    an S3-compatible server, or null for AWS; with one, path-style addressing is forced
   * @param credentials null for the SDK's default chain (environment, profile, web identity, container, instance)
   * @param region      null to read AWS_REGION or the profile's, falling back to us-east-1 (with an endpoint, the
   *                    region only signs requests; on AWS, cross-region access finds the bucket's own)
   */
  public static S3Client build(URI endpoint, AwsCredentialsProvider credentials, Region region) {
    return build(endpoint, credentials, region, SOCKET_TIMEOUT);
  }

  /** As above, with another socket timeout (tests of hanging servers). */
  static S3Client build(URI endpoint, AwsCredentialsProvider credentials, Region region, Duration socketTimeout) {
    S3ClientBuilder b = S3Client.builder()
        .httpClient(ApacheHttpClient.builder()
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(socketTimeout)
            .maxConnections(64)
            .expectContinueEnabled(false)
            .build())
        .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
        // bodies unsigned on http as on https: readers check every object by its SHA-256 (see the class)
        .putAuthScheme(new UnsignedPayloadAuthScheme())
        .region(region != null ? region : configuredRegion())
        // RetryingRemote retries, within a time budget; SDK retries under it would multiply the wait
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        // newer SDKs send CRC trailers with every request by default; S3Proxy and many servers reject them
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (endpoint != null) {
      b.endpointOverride(endpoint).forcePathStyle(true);
    } else {
      b.crossRegionAccessEnabled(true);
    }
    return b.build();
  }

  /** AWS_REGION / aws.region, else the profile's region, else us-east-1; never the instance metadata service. */
  static Region configuredRegion() {
    try {
      return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider()).getRegion();
    } catch (SdkClientException none) {
      return Region.US_EAST_1;
    }
  }
}
