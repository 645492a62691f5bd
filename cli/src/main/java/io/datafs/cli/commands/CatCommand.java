package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.core.repo.Repository;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cat", description = "Write a file of a version to stdout (verified chunk by chunk).")
public final class CatCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "PATH") String path;

  @Override
  protected int run() throws IOException {
    {
      Repository repo = session.repo();
      OutputStream out = new BufferedOutputStream(session.rawOut(), 1 << 20);
      repo.cat(repo.resolve(address), path, out);
      out.flush();
    }
    return 0;
  }
}
