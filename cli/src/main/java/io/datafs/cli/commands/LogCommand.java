package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "log", description = "List the versions of a dataset, newest first.")
public final class LogCommand extends DatafsSubcommand {
  @Parameters(paramLabel = "DATASET") String dataset;
  @Option(names = "--json") boolean json;

  @Override
  protected int run() {
    DatasetName ds = new DatasetName(dataset.startsWith("ds:") ? dataset.substring(3) : dataset);
    {
      Repository repo = session.repo();
      List<Version> versions = new ArrayList<>(repo.log(ds));
      Collections.reverse(versions);
      Map<String, Long> tags = repo.tags(ds);
      if (json) {
        Json.print(session.out(), versions.stream().map(v -> Views.version(v, tags)).toList());
        return 0;
      }
      for (Version v : versions) {
        List<String> t = Views.tagsOf(v, tags);
        session.out().printf("v%-4d %s  %s  %-12s %s%s%n", v.record().number(), v.id().shortHex(10),
            Format.time(v.record().time()), v.record().author(), v.record().message(),
            t.isEmpty() ? "" : "  (" + String.join(", ", t) + ")");
      }
    }
    return 0;
  }
}
