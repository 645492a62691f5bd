package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.core.chunk.ChunkerParams;
import io.datafs.core.repo.Repository;
import picocli.CommandLine.Command;

@Command(name = "init", description = "Create the local store (optional: the first command that needs one creates it).")
public final class InitCommand extends DatafsSubcommand {

  @Override
  protected int run() {
    {
      Repository repo = session.repo();
      ChunkerParams c = repo.settings().chunker();
      session.out().printf("store at %s (format %d, chunks %d/%d/%d KiB)%n", repo.layout().home(),
          repo.settings().format(), c.min() >> 10, c.avg() >> 10, c.max() >> 10);
    }
    return 0;
  }
}
