package io.datafs.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The S3 server of the remote block: S3Proxy 4.x in the bench JVM on a random loopback port, signed requests with
 * {@link #IDENTITY} and {@link #CREDENTIAL} as keys, objects stored as files under a folder of the work dir (its
 * filesystem blob store, so a 10 GiB version fits, and a bucket is a folder that {@link #dir} names).
 */
final class S3Server implements AutoCloseable {
  static final String IDENTITY = "datafs-bench-identity";
  static final String CREDENTIAL = "datafs-bench-credential-5c1e";

  private final S3Proxy proxy;
  private final BlobStore store;
  private final Path root;

  private S3Server(S3Proxy proxy, BlobStore store, Path root) {
    this.proxy = proxy;
    this.store = store;
    this.root = root;
  }

  /** Starts a server over {@code root}, emptied first. */
  static S3Server start(Path root) throws Exception {
    if (Files.exists(root)) Proc.runQuietly(List.of("rm", "-rf", root.toString()));
    Files.createDirectories(root);
    BlobStore store = new FilesystemNio2BlobStore(root.toString());
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, CREDENTIAL)
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!proxy.getState().equals("STARTED")) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      Thread.sleep(10);
    }
    return new S3Server(proxy, store, root);
  }

  int port() {
    return proxy.getPort();
  }

  String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  void createBucket(String name) {
    store.createContainer(name);
  }

  /** Where the objects of {@code bucket} under {@code prefix} are stored (S3Proxy keeps keys as paths). */
  Path dir(String bucket, String prefix) {
    return prefix.isEmpty() ? root.resolve(bucket) : root.resolve(bucket).resolve(prefix);
  }

  /** Drops the objects under a prefix behind the server's back, to free the disk (the store keeps no index). */
  void deletePrefix(String bucket, String prefix) throws Exception {
    Proc.runQuietly(List.of("rm", "-rf", dir(bucket, prefix).toString()));
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    Proc.runQuietly(List.of("rm", "-rf", root.toString()));
  }
}
