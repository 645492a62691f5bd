package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.gc.GcReport;
import io.datafs.core.gc.GcRoots;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Version;
import io.datafs.daemon.MountRecord;
import io.datafs.fs.overlay.StagedRoots;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gc", description = {"Delete what no version, tag, mount or staged change needs: packs nothing reaches",
    "are deleted, packs partly needed are rewritten with what is needed (copied, checked, indexed, and only then the",
    "old pack deleted). Imports, commits and pulls wait while it runs; mounts keep reading. Prints what it freed.",
    "With --remote: the GC of a shared remote; deletes packs no version record needs, no push under way named, and",
    "older than the grace (pushes to it stop while it runs)."})
public final class GcCommand extends DatafsSubcommand {
  @Option(names = "--dry-run", description = "Decide and print what would go; change nothing.") boolean dryRun;
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", description = "GC this remote instead of the store.")
  String remote;
  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "24h",
      description = "With --remote: keep packs younger than this (default 24h, at least 1h unless --force).")
  String grace;
  @Option(names = "--force", description = "With --remote: allow a grace below 1h.") boolean force;
  @Option(names = "--unlock", description = "With --remote: remove the lock a killed remote GC left.") boolean unlock;

  @Override
  protected int run() {
    if (remote != null) return RemoteGcRun.run(session, remote, grace, dryRun, force, unlock, json);
    if (unlock || force || !grace.equals("24h")) {
      throw new InvalidInputException("--grace, --force and --unlock go with --remote NAME");
    }
    Repository repo = session.repo();
    GcReport r = repo.gc(() -> roots(repo), dryRun, session.daemon().gcSteps());
    if (json) {
      Json.print(session.out(), r);
      return 0;
    }
    String would = r.dryRun() ? "would free" : "freed";
    session.out().printf("marked %s versions: %s chunks and %s tree pages or chunk lists are live%n",
        Format.count(r.versions()), Format.count(r.liveChunks()), Format.count(r.liveMetadata()));
    session.out().printf("%s %s chunks (%s) and %s metadata objects (%s); %s of pack files%n", would,
        Format.count(r.freedChunks()), Format.bytes(r.freedDataBytes()), Format.count(r.freedMetadataObjects()),
        Format.bytes(r.freedMetadataBytes()), Format.bytes(r.diskBytesFreed()));
    String repacked = r.dryRun() ? "to repack (" + Format.bytes(r.copiedBytes()) + " to copy)"
        : "repacked (" + Format.bytes(r.copiedBytes()) + " copied into " + Format.count(r.packsWritten()) + " new)";
    session.out().printf("packs: %s kept, %s %s, %s %s, %s orphan(s) %s%n", Format.count(r.packsKept()),
        Format.count(r.packsDeleted()), r.dryRun() ? "to delete" : "deleted", Format.count(r.packsRepacked()),
        repacked, Format.count(r.orphansDeleted()), r.dryRun() ? "to delete" : "deleted");
    return 0;
  }

  /** Mounted versions (a writable mount's is the base of its staged changes) and what staged changes name. */
  private GcRoots roots(Repository repo) {
    List<GcRoots.Tree> trees = new ArrayList<>();
    for (MountRecord m : session.daemon().mounts().list()) {
      Version v;
      try {
        v = repo.resolve(m.dataset() + "@v" + m.version());
      } catch (DatafsException e) {
        v = null;
      }
      if (v == null || !v.id().hex().equals(m.versionId())) {
        throw new CorruptObjectException(null, "gc deleted nothing: " + m.label() + ", mounted at " + m.dir()
            + ", is not in the store as mounted; run datafs verify");
      }
      trees.add(new GcRoots.Tree("mount " + m.dir(), v.rootId()));
    }
    GcRoots staged = StagedRoots.of(repo.index());
    trees.addAll(staged.trees());
    return new GcRoots(trees, staged.files());
  }
}
