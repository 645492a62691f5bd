package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.version.Version;
import io.datafs.daemon.MountRecord;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mount", description = {"Mount a version at an empty directory: read-only, or writable with --writable.",
    "A bare dataset name pins its latest version at mount time. Nothing is read until files are.",
    "A version this store lacks is looked up on the remote (--remote, else the default one): its metadata is",
    "fetched, and file content is fetched when read, through the chunk cache ($DATAFS_HOME/cache). Commits of a",
    "writable mount of such a version (or one mounted with --remote) are published to that remote as well",
    "(but for a read-only http(s) remote: they stay in this store).",
    "A writable mount stages changes in an overlay (`datafs status`, `discard`, `commit`); the overlay outlives",
    "unmounts and restarts, and mounting the same directory writable again resumes it on its own base version."})
public final class MountCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET[@VERSION]") String address;
  @Parameters(index = "1", paramLabel = "DIR") Path dir;
  @Option(names = "--writable", description = "Stage changes in an overlay; `datafs commit` makes them the next version.") boolean writable;
  @Option(names = "--remote", paramLabel = "NAME", description = "Where to look for a version this store lacks (default: the default remote).")
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
    String note = from == null ? "" : "; commits are published to " + from;
    if (from != null && from.url().isReadOnly()) { // a web server cannot take them: they stay in this store
      note = "; commits stay in this store (" + from + " is read-only)";
      from = null;
    }
    MountRecord m = session.daemon().mounts().mountWritable(v, session.path(dir), from);
    session.out().println("mounted " + m.label() + " at " + m.dir() + ", writable" + note);
    if (!m.versionId().equals(v.id().hex())) {
      session.out().println("resumed the changes staged there on " + m.label() + " (`datafs status " + m.dir() + "` lists them)");
    }
    return 0;
  }

  /** The version here; else its metadata from the remote (lazy: content comes when read). */
  private Version resolveOrFetch() {
    RemoteAccess.Found found = RemoteAccess.resolveOrFetch(session, address, remoteName, session.out());
    if (found.fetchedFrom() != null) from = found.fetchedFrom();
    return found.version();
  }
}
