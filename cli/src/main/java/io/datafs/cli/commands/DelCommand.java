package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.FilterOptions;
import io.datafs.core.select.ObjectFilter;
import io.datafs.daemon.MountManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "del", description = {
    "Stage in a writable mount the removal of the data objects that pass the filters, with their annotations",
    "(LDB's del). Objects are the mount's files as stored: those of its version and those staged by `datafs add`; a",
    "file written through the mount is not an object until committed. MOUNTDIR is the mount directory or a path",
    "inside it."})
public final class DelCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "MOUNTDIR") Path dir;
  @Mixin(name = "filters") FilterOptions filters;

  @Override
  protected int run() {
    if (!filters.any()) {
      session.err().println("datafs: del needs a filter (--query, --file, --glob or --label) to say what to remove");
      return 2;
    }
    Optional<List<ObjectFilter>> parsed = filters.parse(session.err());
    if (parsed.isEmpty()) return 2;
    MountManager mounts = session.daemon().mounts();
    Path mount = session.path(dir);
    List<String> paths = new ArrayList<>();
    session.repo().selection(parsed.get()).forEach(mounts.storedView(mount), o -> {
      paths.add(o.path());
      if (o.annotation() != null) paths.add(o.annotationPath());
      return true;
    });
    int removed = mounts.removeStaged(mount, paths);
    session.out().println("staged the removal of " + removed + " file(s) (objects and their annotations) in " + mount);
    return 0;
  }
}
