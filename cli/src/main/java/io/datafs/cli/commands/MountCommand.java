package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.Remotes;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.RemoteSync;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.VersionAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.Supplier;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.version.Version;
import io.datafs.daemon.MountRecord;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mount",
    description = {"Mount a version at an empty directory: read-only, or writable with --writable.",
    "A bare dataset name pins its latest version at mount time. Nothing is read until files are.",
    "A version this store lacks is looked up on the remote (--remote, else every configured remote, the default",
    "first): a read-only mount fetches its root directory only and the rest a directory at a time as it is read",
    "(a writable one fetches its metadata first); file content is fetched when read, through the chunk cache",
    "($DATAFS_HOME/cache); a writable mount of a dataset that exists nowhere starts it empty. Commits of a",
    "writable mount of such a version (or one mounted with --remote) are published to that remote as well",
    "(but for a read-only http(s) remote: they stay in this store).",
    "A writable mount stages changes in an overlay (`datafs status`, `discard`, `commit`); the overlay outlives",
    "unmounts and restarts, and mounting the same directory writable again resumes it on its own base version."})
public final class MountCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET[@VERSION]") String address;
  @Parameters(index = "1", paramLabel = "DIR") Path dir;
  @Option(names = "--writable",
      description = "Stage changes in an overlay; `datafs commit` makes them the next version.")
  boolean writable;
  @Option(names = "--remote", paramLabel = "NAME",
      description = "Where to look for a version this store lacks (default: the default remote).")
  String remoteName;

  /** The remote the version came from, or that --remote named: a writable mount's commits are published there. */
  private RemoteRef from;

  @Override
  protected int run() {
    Version v = resolveOrFetch();
    if (from == null && remoteName != null) from = RemoteAccess.ref(RemoteAccess.choose(session, remoteName));
    if (!writable) {
      MountRecord m = session.daemon().mounts().mount(v, session.path(dir));
      session.out().println("mounted " + m.label() + " at " + m.dir());
      return 0;
    }
    String note = from == null ? "; " + keptHere() : "; commits are published to " + from;
    if (from != null && from.url().isReadOnly()) { // a web server cannot take them: they stay in this store
      note = "; commits stay in this store (" + from + " is read-only)";
      from = null;
    }
    MountRecord m = session.daemon().mounts().mountWritable(v, session.path(dir), from);
    session.out().println("mounted " + m.label() + " at " + m.dir() + ", writable" + note);
    if (!m.versionId().equals(v.id().hex())) {
      session.out().println("resumed the changes staged there on " + m.label() + " (`datafs status " + m.dir()
          + "` lists them)");
    }
    return 0;
  }

  /** Where commits of a mount that publishes nowhere go: said at mount time, so a local-only commit is no surprise. */
  private String keptHere() {
    return RemoteAccess.defaultRemote(session).map(r -> "commits stay in this store: `datafs push` publishes them,"
        + " or mount with --remote " + r.entry().name() + " to publish each commit")
        .orElse("commits stay in this store (no remote is configured)");
  }

  /**
   * The version here; else its metadata from the remote that holds it (lazy: content comes when read); else, for a
   * writable mount of a dataset that exists nowhere, its first version, empty.
   */
  private Version resolveOrFetch() {
    RemoteAccess.Found found;
    try {
      // read-only: the tree comes lazily, a directory at a time; a writable mount's commit needs it here
      found = RemoteAccess.resolveOrFetch(session, address, remoteName, session.out(), !writable);
    } catch (NotFoundException e) {
      if (!writable || !existsNowhere()) throw e;
      return startEmpty();
    }
    if (found.fetchedFrom() != null) from = found.fetchedFrom();
    if (session.repo().sync().isLazy(found.version())) completeTree(found.version());
    return found.version();
  }

  /**
   * A version read lazily here gets its whole tree first when a writable mount's commits will build on it, or when the
   * remote has no located tree of it (an older datafs pushed that version of a chain whose newer one a lazy mount
   * fetched): read lazily, its directories would fail.
   */
  private void completeTree(Version v) {
    RemoteSync sync = session.repo().sync();
    RemoteRef lazyFrom = sync.lazyRemote(v);
    session.daemon().useRemoteEnvironment(lazyFrom, session.remoteEnv());
    try (RemoteOnce remote = new RemoteOnce(lazyFrom)) {
      if (!writable && sync.lazilyReadable(v, remote)) return;
      sync.pull(remote.get(), lazyFrom, v.label(), true, TransferProgress.NONE);
    }
    session.out().println("fetched the rest of " + v.label() + "'s metadata from " + lazyFrom + (writable
        ? ": it was read lazily, and a writable mount's commits build on its whole tree"
        : ": an older datafs pushed it, with no tree a mount can read a directory at a time"));
  }

  /** A remote opened when first asked for: a lazy version whose root is here needs none. */
  private final class RemoteOnce implements Supplier<Remote>, AutoCloseable {
    private final RemoteRef ref;
    private Remote remote;

    RemoteOnce(RemoteRef ref) {
      this.ref = ref;
    }

    @Override
    public Remote get() {
      if (remote == null) {
        remote = Remotes.load().open(ref.url(), new RemoteOptions(ref.endpoint(), session.remoteEnv()));
      }
      return remote;
    }

    @Override
    public void close() {
      if (remote != null) remote.close();
    }
  }

  /** Whether the address is a bare dataset name that neither this store nor the remote(s) asked have. */
  private boolean existsNowhere() {
    VersionAddress a = VersionAddress.parse(address);
    if (!a.isLatest() || address.contains("@") || session.repo().datasets().contains(a.dataset())) return false;
    if (remoteName == null) return true; // every remote was asked and could be read: none has it
    try (Remote remote = RemoteAccess.open(session, RemoteAccess.choose(session, remoteName))) {
      return new RemoteCatalog(remote).head(a.dataset()) == 0;
    }
  }

  /** A new dataset's first version, with nothing in it, for the mount to stage into. */
  private Version startEmpty() {
    DatasetName ds = VersionAddress.parse(address).dataset();
    Path empty = null;
    try {
      empty = Files.createTempDirectory("datafs-empty-");
      ImportOptions options = new ImportOptions("started empty by a writable mount", session.env("DATAFS_AUTHOR"),
          Map.of());
      Version v = session.repo().importFolder(empty, ds, options, ImportProgress.NONE).version();
      session.out().println("new dataset " + ds + ": it exists nowhere yet, so it starts empty as " + v.label());
      return v;
    } catch (IOException e) {
      throw new StoreIoException("cannot make an empty folder to start " + ds + " from", e);
    } finally {
      if (empty != null) empty.toFile().delete();
    }
  }
}
