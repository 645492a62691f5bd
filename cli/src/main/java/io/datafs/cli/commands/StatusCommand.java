package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Json;
import io.datafs.core.tree.EntryKind;
import io.datafs.daemon.MountManager;
import io.datafs.daemon.MountRecord;
import io.datafs.fs.overlay.StagedChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = {"List the changes staged in a writable mount against its base version,",
    "like `git status --short`: A added, M modified, D deleted, R renamed (old -> new); directories end in /.",
    "Paths are relative to the mount's root. DIR is the mount directory or any path inside it",
    "(default: the current directory)."})
public final class StatusCommand extends DatafsSubcommand {
  @Parameters(arity = "0..1", paramLabel = "DIR") Path dir;
  @Option(names = "--json",
      description = "{\"mount\", \"base\", \"changes\": [{\"status\", \"path\", \"from\", \"kind\"}]}")
  boolean json;

  @Override
  protected int run() {
    MountManager mounts = session.daemon().mounts();
    Path where = session.path(dir == null ? Path.of("") : dir);
    List<StagedChange> changes = mounts.status(where);
    MountRecord m = mounts.overlayAt(where);
    if (json) {
      Json.print(session.out(), view(m, changes));
      return 0;
    }
    session.out().println("on " + m.label() + " (" + m.versionId().substring(0, 12) + ") at " + m.dir());
    if (changes.isEmpty()) session.out().println("nothing staged");
    for (StagedChange c : changes) session.out().println(line(c));
    return 0;
  }

  /** One line of the text output: {@code A  path}, {@code R  old -> new}; a directory's path ends in "/". */
  static String line(StagedChange c) {
    String slash = c.entry() == EntryKind.DIR ? "/" : "";
    String path = c.path() + slash;
    return c.kind().letter() + "  " + (c.from() != null ? c.from() + slash + " -> " + path : path);
  }

  static Map<String, Object> view(MountRecord m, List<StagedChange> changes) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StagedChange c : changes) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("status", c.kind().letter());
      row.put("path", c.path());
      row.put("from", c.from());
      row.put("kind", c.entry() == null ? null : c.entry().name().toLowerCase());
      rows.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mount", m.dir());
    out.put("base", m.label());
    out.put("baseId", m.versionId());
    out.put("changes", rows);
    return out;
  }
}
