package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.repo.Repository;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = "What changed between two versions: A added, M modified, D deleted.")
public final class DiffCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "FROM") String from;
  @Parameters(index = "1", paramLabel = "TO") String to;
  @Option(names = "--stat", description = "Only counts and bytes.") boolean stat;
  @Option(names = "--json") boolean json;

  @Override
  protected int run() {
    {
      Repository repo = session.repo();
      Version a = repo.resolve(from);
      Version b = repo.resolve(to);
      long[] counts = new long[3];
      long[] bytes = new long[2];
      List<Map<String, Object>> rows = new ArrayList<>();
      repo.diff(a, b, (path, oldE, newE) -> {
        char c = oldE == null ? 'A' : newE == null ? 'D' : 'M';
        counts["AMD".indexOf(c)]++;
        if (oldE != null && oldE.isFile()) bytes[1] += oldE.size();
        if (newE != null && newE.isFile()) bytes[0] += newE.size();
        if (json) rows.add(row(c, path, oldE, newE));
        else if (!stat) session.out().println(c + " " + path
            + (newE != null && newE.isDir() || oldE != null && newE == null && oldE.isDir() ? "/" : ""));
      });
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", a.label());
        out.put("to", b.label());
        out.put("added", counts[0]);
        out.put("modified", counts[1]);
        out.put("deleted", counts[2]);
        if (!stat) out.put("changes", rows);
        Json.print(session.out(), out);
      } else if (stat) {
        session.out().printf("%s added, %s modified, %s deleted; +%s -%s%n", Format.count(counts[0]),
            Format.count(counts[1]), Format.count(counts[2]), Format.bytes(bytes[0]), Format.bytes(bytes[1]));
      }
    }
    return 0;
  }

  private static Map<String, Object> row(char c, String path, TreeEntry oldE, TreeEntry newE) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("change", String.valueOf(c));
    m.put("path", path);
    m.put("type", (newE != null ? newE : oldE).kind().name().toLowerCase());
    if (oldE != null && oldE.isFile()) m.put("oldSha256", oldE.contentId().hex());
    if (newE != null && newE.isFile()) m.put("newSha256", newE.contentId().hex());
    return m;
  }
}
