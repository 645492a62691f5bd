package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.core.version.Version;
import io.datafs.daemon.MountRecord;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mount", description = {"Mount a version at an empty directory: read-only, or writable with --writable.",
    "A bare dataset name pins its latest version at mount time. Nothing is read until files are.",
    "A writable mount stages changes in an overlay (`datafs status`, `discard`, `commit`); the overlay outlives",
    "unmounts and restarts, and mounting the same directory writable again resumes it on its own base version."})
public final class MountCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET[@VERSION]") String address;
  @Parameters(index = "1", paramLabel = "DIR") Path dir;
  @Option(names = "--writable", description = "Stage changes in an overlay; `datafs commit` makes them the next version.") boolean writable;

  @Override
  protected int run() {
    Version v = session.repo().resolve(address);
    if (!writable) {
      MountRecord m = session.daemon().mounts().mount(v, session.path(dir));
      session.out().println("mounted " + m.label() + " at " + m.dir());
      return 0;
    }
    MountRecord m = session.daemon().mounts().mountWritable(v, session.path(dir));
    session.out().println("mounted " + m.label() + " at " + m.dir() + ", writable");
    if (!m.versionId().equals(v.id().hex())) {
      session.out().println("resumed the changes staged there on " + m.label() + " (`datafs status " + m.dir() + "` lists them)");
    }
    return 0;
  }
}
