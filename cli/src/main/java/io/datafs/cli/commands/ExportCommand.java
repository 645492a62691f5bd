package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Version;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write a version out as a plain folder (which must not exist or be empty).")
public final class ExportCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "FOLDER") Path folder;

  @Override
  protected int run() {
    {
      Repository repo = session.repo();
      Version v = repo.resolve(address);
      repo.export(v, session.path(folder));
      session.out().println("exported " + v.label() + " to " + folder);
    }
    return 0;
  }
}
