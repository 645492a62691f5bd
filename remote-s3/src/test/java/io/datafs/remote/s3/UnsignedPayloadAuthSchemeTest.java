package io.datafs.remote.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import org.junit.jupiter.api.Test;

/** What the signer puts on the wire; S3RemoteTest's contract checks that a real server accepts it. */
class UnsignedPayloadAuthSchemeTest {
  private static final byte[] BODY = "pack bytes".getBytes(StandardCharsets.UTF_8);
  private static final String PACK = "/bucket/prefix/packs/ab/" + "ab".repeat(32);

  @Test
  void anHttpBodyIsSentUnsignedWithTheHeadersSigned() {
    SignedRequest signed = sign("http://127.0.0.1:9000" + PACK);
    SdkHttpRequest r = signed.request();
    assertEquals("UNSIGNED-PAYLOAD", r.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    assertTrue(r.firstMatchingHeader("Authorization").orElseThrow().startsWith("AWS4-HMAC-SHA256 "));
    assertEquals("127.0.0.1:9000", r.firstMatchingHeader("Host").orElseThrow());
    assertEquals("http", r.protocol());
    assertEquals(9000, r.port());
    assertEquals(String.valueOf(BODY.length), r.firstMatchingHeader("Content-Length").orElseThrow());
  }

  @Test
  void onPort80TheSignedHostIsTheOneTheClientSends() {
    SdkHttpRequest r = sign("http://minio.internal" + PACK).request();
    assertEquals("UNSIGNED-PAYLOAD", r.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    assertEquals("minio.internal", r.firstMatchingHeader("Host").orElseThrow());
    assertEquals("http", r.protocol());
    assertEquals(80, r.port());
  }

  @Test
  void onPort443OverHttpTheBodyIsStillSigned() {
    SdkHttpRequest r = sign("http://odd.internal:443" + PACK).request();
    assertNotEquals("UNSIGNED-PAYLOAD", r.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    assertEquals("http", r.protocol());
  }

  @Test
  void httpsIsSignedAsTheSdkDoes() {
    SdkHttpRequest r = sign("https://s3.eu-west-3.amazonaws.com" + PACK).request();
    assertEquals("UNSIGNED-PAYLOAD", r.firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    assertEquals("https", r.protocol());
  }

  @Test
  void onlyObjectsNamedByTheirHashGoUnsignedOverHttp() {
    String index = "/bucket/prefix/index/" + "cd".repeat(32);
    assertEquals("UNSIGNED-PAYLOAD", sign("http://127.0.0.1:9000" + index).request()
        .firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    for (String key : new String[] {"/bucket/prefix/versions/cats/3.json", "/bucket/prefix/datafs.json",
        "/bucket/prefix/tags/cats/v1.json", "/bucket/prefix/packs/ab/not-a-hash"}) {
      assertNotEquals("UNSIGNED-PAYLOAD", sign("http://127.0.0.1:9000" + key).request()
          .firstMatchingHeader("x-amz-content-sha256").orElseThrow(), key);
    }
  }

  /** A PutObject as S3's auth scheme options describe it: payload signing off, chunked encoding on. */
  private static SignedRequest sign(String url) {
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create(url))
        .putHeader("Content-Length", String.valueOf(BODY.length)).build();
    return new UnsignedPayloadAuthScheme().signer().sign(b -> b
        .identity(AwsCredentialsIdentity.create("id", "secret"))
        .request(request)
        .payload(ContentStreamProvider.fromByteArray(BODY))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true));
  }
}
