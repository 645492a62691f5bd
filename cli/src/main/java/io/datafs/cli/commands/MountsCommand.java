package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Json;
import io.datafs.daemon.MountRecord;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "mounts", description = "List what the daemon has mounted.")
public final class MountsCommand extends DatafsSubcommand {
  @Option(names = "--json") boolean json;

  @Override
  protected int run() {
    List<MountRecord> mounts = session.daemon().mounts().list();
    if (json) {
      Json.print(session.out(), mounts);
      return 0;
    }
    for (MountRecord m : mounts) session.out().printf("%-40s %s  (%s)%s%n", m.dir(), m.label(),
        m.versionId().substring(0, 12), m.writable() ? "  writable" : "");
    return 0;
  }
}
