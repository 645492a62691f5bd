package io.datafs.remote.s3;

import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * SigV4 as the SDK signs over https, on http too, for objects named by their hash: headers signed, body sent as
 * {@code UNSIGNED-PAYLOAD}. Everything else (version records, tags, the format file) keeps a signed body on http:
 * nothing but the signature would tell a reader that such a record was changed on the way.
 *
 * <p>Over plain http the SDK always signs the body: it hashes every byte with SHA-256 and sends it in signed 128 KiB
 * chunks (S3Proxy, and S3, hash every byte again to check them): two full SHA-256 passes over every pushed pack,
 * a third of the CPU of a push to S3Proxy on loopback. That hash guards no more than datafs already does:
 * every reader of a remote checks what it reads against the SHA-256 names (a pack's index against the pack's name,
 * each object against its id: {@code RemoteChunks}; {@code PackFetcher}, for pulls), so bytes damaged on the way
 * are refused when read, never served: this holds for packs and pack indexes, whose keys are their SHA-256. Over https
 * the SDK already sends S3 bodies unsigned; this makes http do the same. The signer signs a view of the request with
 * https as its protocol (SigV4 signs the Host header but not the scheme), then sends the signed request over http.
 */
final class UnsignedPayloadAuthScheme implements AuthScheme<AwsCredentialsIdentity> {
  private final AwsV4AuthScheme sigV4 = AwsV4AuthScheme.create();
  private final HttpSigner<AwsCredentialsIdentity> signer = new Signer(sigV4.signer());

  @Override
  public String schemeId() {
    return AwsV4AuthScheme.SCHEME_ID;
  }

  @Override
  public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
    return sigV4.identityProvider(providers);
  }

  @Override
  public HttpSigner<AwsCredentialsIdentity> signer() {
    return signer;
  }

  /** Keys of objects every reader checks against their name: packs and pack indexes (see RemoteLayout). */
  private static final Pattern SELF_VERIFYING = Pattern.compile("/(packs/[0-9a-f]{2}|index)/[0-9a-f]{64}$");

  private record Signer(AwsV4HttpSigner sigV4) implements HttpSigner<AwsCredentialsIdentity> {
    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
      SdkHttpRequest http = request.request();
      // on 443 no https view has the Host header the http client will send ("host:443"): sign the body there
      if (!"http".equals(http.protocol()) || http.port() == 443 || !SELF_VERIFYING.matcher(http.encodedPath()).find()) {
        return sigV4.sign(request);
      }
      SignedRequest signed = sigV4.sign(request.copy(b -> b.request(asHttps(http))));
      return signed.copy(b -> b.request(
          signed.request().toBuilder().protocol(http.protocol()).port(http.port()).build()));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
      return sigV4.signAsync(request); // the remote's client is synchronous
    }

    /**
     * The same request on https, with the Host header the http client will send: the port is named unless it is
     * http's standard one (80, so the view takes https's, 443).
     */
    private static SdkHttpRequest asHttps(SdkHttpRequest http) {
      return http.toBuilder().protocol("https").port(http.port() == 80 ? 443 : http.port()).build();
    }
  }
}
