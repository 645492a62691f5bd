package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.daemon.MountRecord;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "umount",
    description = "Unmount a directory that datafs mounted. Open files stay readable until closed.")
public final class UmountCommand extends DatafsSubcommand {
  @Parameters(paramLabel = "DIR") Path dir;

  @Override
  protected int run() {
    MountRecord m = session.daemon().mounts().unmount(session.path(dir));
    session.out().println("unmounted " + m.label() + " from " + m.dir());
    return 0;
  }
}
