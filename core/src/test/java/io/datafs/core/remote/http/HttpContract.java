package io.datafs.core.remote.http;

import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteReadContract;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.Remotes;
import io.datafs.core.sync.Listings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read half of the remote contract against Debian's nginx on loopback: each test writes through a folder remote
 * in the folder nginx serves, and reads through {@code http://127.0.0.1:PORT/tN}, opened as the daemon opens remotes
 * (by its scheme, wrapped in retries). Listing files are written as a push writes them.
 */
abstract class HttpContract extends RemoteReadContract {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private Remote folder;

  /** The server, and the folder it serves. */
  protected abstract Nginx nginx();

  protected abstract Path served();

  @Override
  protected Remote open() throws Exception {
    String prefix = "t" + PREFIXES.incrementAndGet();
    folder = new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(served().resolve(prefix)).toString()));
    // a web server answers 404 for a missing object and a missing remote alike: a remote is there when its format is
    folder.put(RemoteLayout.FORMAT, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Remotes.load().open(RemoteUrl.parse(nginx().url() + "/" + prefix), RemoteOptions.defaults());
  }

  @Override
  protected Remote openMissing() {
    return Remotes.load().open(RemoteUrl.parse(nginx().url() + "/no-such-remote"), RemoteOptions.defaults());
  }

  @Override
  protected Remote writer() {
    return folder;
  }

  @Override
  protected void written() {
    Listings.refresh(folder);
  }
}
