package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.SemverOptions;
import io.datafs.cli.output.ProgressBar;
import io.datafs.core.ingest.ImportProgress;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.SemverChoice;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Import a folder as the next version of a dataset.")
public final class ImportCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "FOLDER") Path folder;
  @Parameters(index = "1", paramLabel = "DATASET") String dataset;
  @Option(names = {"-m", "--message"}, description = "What this version is.") String message;
  @Option(names = "--author", description = "Who made it (default: $DATAFS_AUTHOR, else the user name).") String author;
  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata key/value; repeatable.")
  Map<String, String> meta = new LinkedHashMap<>();
  @Option(names = "--json", description = "Print the new version as JSON.") boolean json;
  @Option(names = "--no-index", description = "Do not index annotations now: the first query does.") boolean noIndex;
  @Mixin SemverOptions semver;

  @Override
  protected int run() {
    DatasetName ds = new DatasetName(dataset);
    SemverChoice choice = semver.choice();
    {
      Repository repo = session.repo();
      Path source = session.path(folder);
      ImportProgress progress = ProgressBar.forImport("importing " + ds, source, session);
      ImportResult r;
      try {
        String who = author != null ? author : session.env("DATAFS_AUTHOR");
        r = repo.importFolder(source, ds, new ImportOptions(message, who, meta, !noIndex, choice), progress);
      } finally {
        ProgressBar.close(progress);
      }
      Views.printMade(session.out(), r, json, "", "");
      if (!json) Views.warnInvalid(session.err(), r);
    }
    return 0;
  }
}
