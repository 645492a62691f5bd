package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.core.error.InvalidInputException;
import io.datafs.daemon.MountManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "discard", description = {"Drop staged changes of a writable mount: each PATH goes back to what the",
    "base version holds there, with everything staged below it.",
    "PATHs are ordinary paths (relative to the current directory, or absolute), all inside one writable mount;",
    "the mount is the one they are in. Naming the mount directory itself drops everything staged, and then no",
    "other PATH may be given (`datafs discard /mnt/cats a.jpg` is refused rather than read as \"everything\").",
    "Examples: `datafs discard new.jpg old/` inside the mount; `datafs discard /mnt/cats` to drop it all."})
public final class DiscardCommand extends DatafsSubcommand {
  @Parameters(arity = "1..*", paramLabel = "PATH") List<Path> paths;

  @Override
  protected int run() {
    MountManager mounts = session.daemon().mounts();
    Path first = session.path(paths.get(0));
    mounts.pathInMount(first); // says why when it is not in a writable mount
    String mount = mounts.overlayAt(first).dir();
    List<String> inMount = new ArrayList<>();
    for (Path p : paths) {
      Path abs = session.path(p);
      String rel = mounts.pathInMount(abs);
      if (!mounts.overlayAt(abs).dir().equals(mount)) {
        throw new InvalidInputException("not inside the writable mount at " + mount + " (as " + first + " is): " + abs);
      }
      inMount.add(rel);
    }
    if (inMount.contains("") && inMount.size() > 1) {
      throw new InvalidInputException("discard: " + mount
          + " is the whole mount; give either it alone (drops everything staged)"
          + " or paths inside it");
    }
    int dropped = mounts.discard(first, inMount.contains("") ? List.of() : inMount);
    session.out().println("discarded " + dropped + (dropped == 1 ? " change" : " changes") + " in " + mount);
    return 0;
  }
}
