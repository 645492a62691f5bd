package io.datafs.remote.s3;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteAccessDeniedException;
import io.datafs.core.error.RemoteNotFoundException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.error.RemoteTransientException;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import java.io.IOException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns the SDK's failures into datafs's typed ones, each one line naming the remote and key. Only the S3 error
 * code goes into a message, never the SDK's text (its requests, ids and signatures stay out of sight).
 */
final class S3Errors {
  private static final Set<String> TRANSIENT_CODES =
      Set.of("SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "ConditionalRequestConflict");

  private final RemoteUrl url;
  private final S3Client s3;
  private volatile boolean bucketSeen;

  S3Errors(RemoteUrl url, S3Client s3) {
    this.url = url;
    this.s3 = s3;
  }

  RuntimeException map(String doing, RemoteKey key, Exception e) {
    String what = "remote " + url + ": " + doing + (key == null ? "" : " key " + key);
    if (e instanceof S3Exception s) {
      int status = s.statusCode();
      String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
      if ("NoSuchBucket".equals(code)) return bucketMissing(s);
      if (status == 404 && key != null) return new RemoteObjectNotFoundException(url.toString(), key.value());
      if (status == 403) {
        return new RemoteAccessDeniedException("access denied to remote " + url + " " + doing
            + (key == null ? "" : " key " + key) + (code == null ? "" : " (" + code + ")")
            + ": check the AWS credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE, ~/.aws) and the bucket's policy", e);
      }
      if (status >= 500 || status == 429 || status == 409 || code != null && TRANSIENT_CODES.contains(code)) {
        return new RemoteTransientException(what + ": HTTP " + status + (code == null ? "" : " " + code), e);
      }
      return new DatafsException(what + ": HTTP " + status + (code == null ? "" : " " + code), e);
    }
    if (io(e) != null) {
      return new RemoteTransientException(what + ": " + oneLine(io(e)), e);
    }
    if (e instanceof SdkClientException c && c.getMessage() != null && c.getMessage().contains("credentials")) {
      return new RemoteAccessDeniedException("no AWS credentials for remote " + url
          + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", e);
    }
    return new DatafsException(what + ": " + oneLine(e), e);
  }

  /** Throws if the bucket does not exist (asked once: after a yes, a 404 means a missing key). */
  void checkBucket() {
    if (bucketSeen) return;
    try {
      s3.headBucket(r -> r.bucket(url.location()));
      bucketSeen = true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) throw bucketMissing(e);
      throw e;
    }
  }

  private RemoteNotFoundException bucketMissing(Exception e) {
    return new RemoteNotFoundException("bucket '" + url.location() + "' does not exist (remote " + url + ")", e);
  }

  private static IOException io(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) return io;
    }
    return null;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
