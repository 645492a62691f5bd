package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.core.version.Version;
import io.datafs.daemon.MountRecord;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mount", description = {"Mount a version read-only at an empty directory.",
    "A bare dataset name pins its latest version at mount time. Nothing is read until files are."})
public final class MountCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET[@VERSION]") String address;
  @Parameters(index = "1", paramLabel = "DIR") Path dir;

  @Override
  protected int run() {
    Version v = session.repo().resolve(address);
    MountRecord m = session.daemon().mounts().mount(v, session.path(dir));
    session.out().println("mounted " + m.label() + " at " + m.dir());
    return 0;
  }
}
