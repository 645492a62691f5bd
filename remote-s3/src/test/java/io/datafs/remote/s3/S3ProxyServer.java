package io.datafs.remote.s3;

import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3 server for tests: S3Proxy 4.x in this JVM, in memory, on a random loopback port, with signed requests
 * (so wrong credentials are refused as on AWS). For tests of other modules (the integration tests run bin/datafs
 * against it with {@link #IDENTITY} and {@link #CREDENTIAL} as AWS keys).
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String IDENTITY = "datafs-it-identity";
  public static final String CREDENTIAL = "datafs-it-credential-7d21";
  private static final Duration START = Duration.ofSeconds(60);

  private final S3Proxy proxy;
  private final BlobStore store;

  private S3ProxyServer(S3Proxy proxy, BlobStore store) {
    this.proxy = proxy;
    this.store = store;
  }

  public static S3ProxyServer start() throws Exception {
    return start(AuthenticationType.AWS_V2_OR_V4);
  }

  /** One that takes any request unsigned: for a proxy in front of it that changes signed headers. */
  static S3ProxyServer startUnauthenticated() throws Exception {
    return start(AuthenticationType.NONE);
  }

  private static S3ProxyServer start(AuthenticationType authentication) throws Exception {
    BlobStore store = new TransientNio2BlobStore();
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(authentication, IDENTITY, CREDENTIAL)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + START.toNanos();
    while (!proxy.getState().equals("STARTED")) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      Thread.sleep(10);
    }
    return new S3ProxyServer(proxy, store);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public int port() {
    return proxy.getPort();
  }

  public void createBucket(String name) {
    store.createContainer(name);
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
