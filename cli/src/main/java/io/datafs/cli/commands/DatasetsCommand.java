package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "datasets", description = "List the datasets in the store.")
public final class DatasetsCommand extends DatafsSubcommand {
  @Option(names = "--json") boolean json;

  @Override
  protected int run() {
    {
      Repository repo = session.repo();
      List<Map<String, Object>> rows = new ArrayList<>();
      for (DatasetName ds : repo.datasets()) {
        Version latest = repo.resolve(ds.value());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ds.value());
        m.put("latest", latest.record().number());
        m.put("time", latest.record().time());
        m.put("files", latest.record().totals().files());
        m.put("bytes", latest.record().totals().bytes());
        rows.add(m);
      }
      if (json) {
        Json.print(session.out(), rows);
        return 0;
      }
      for (Map<String, Object> m : rows) {
        session.out().printf("%-24s v%-5s %s  %10s files  %10s%n", m.get("name"), m.get("latest"),
            Format.time((String) m.get("time")), Format.count((Long) m.get("files")), Format.bytes((Long) m.get("bytes")));
      }
    }
    return 0;
  }
}
