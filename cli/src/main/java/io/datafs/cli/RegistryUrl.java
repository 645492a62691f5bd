package io.datafs.cli;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.Remotes;
import io.datafs.core.sync.RemoteBrowser;
import java.nio.file.Path;
import java.util.Map;

/**
 * A remote named on the command line by its URL, with no {@code datafs remote add} (ls, datasets, get,
 * import-version). An operand is a URL when it holds a '/': {@code s3://...}, {@code az://...}, {@code file://...},
 * {@code /abs/folder}, {@code ./folder}; no dataset name or version address can hold one, so {@code datafs ls
 * cats@v1 dir} and {@code datafs ls ./registry cats@v1} never read alike.
 */
public final class RegistryUrl {
  private RegistryUrl() {}

  /** Whether a command's operand names a remote rather than a dataset. */
  public static boolean is(String operand) {
    return operand.indexOf('/') >= 0;
  }

  /** The URL {@code text} names, relative to {@code cwd} for a folder; one without a '/' is refused, naming it. */
  public static RemoteUrl parse(String text, Path cwd) {
    if (!is(text)) {
      throw new InvalidInputException("not a remote URL: '" + text + "' (a folder is written with a '/', as ./" + text
          + ")");
    }
    return RemoteUrl.parse(text, cwd);
  }

  /** Opens the remote with the credentials in {@code env} (its endpoint an S3-compatible server's, or none). */
  public static Remote open(RemoteRef ref, Map<String, String> env) {
    return Remotes.load().open(ref.url(), new RemoteOptions(ref.endpoint(), env));
  }

  /** The URL and endpoint as the options gave them. */
  public static RemoteRef ref(String url, String endpoint, Path cwd) {
    RemoteUrl u = parse(url, cwd);
    if (endpoint != null && u.isFile()) {
      throw new InvalidInputException("--endpoint is for s3:// and az:// remotes, not " + u);
    }
    return new RemoteRef(u, RemoteOptions.parseEndpoint(endpoint));
  }

  /** Browses a remote with no store, its scratch files in the system's temporary folder. */
  public static RemoteBrowser browse(Remote remote) {
    return RemoteBrowser.withoutStore(remote, Path.of(System.getProperty("java.io.tmpdir")));
  }
}
