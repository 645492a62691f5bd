package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Composition;
import io.datafs.core.version.ImportSource;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionRecord;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = {"Show one version: id, parent, author, message, metadata, totals, tags.",
    "A composed or imported version also shows how it was made or where it came from, and every version whether",
    "the default remote holds it (as far as this store saw, by its pushes and pulls)."})
public final class ShowCommand extends DatafsSubcommand {
  @Parameters(paramLabel = "DATASET@VERSION") String address;
  @Option(names = "--json") boolean json;

  @Override
  protected int run() {
    {
      Repository repo = session.repo();
      Version v = repo.resolve(address);
      Map<String, Long> tags = repo.tags(v.record().datasetName());
      if (json) {
        Json.print(session.out(), Views.version(v, tags));
        return 0;
      }
      VersionRecord r = v.record();
      Totals t = r.totals();
      List<String> vt = Views.tagsOf(v, tags);
      session.out().println(v.label() + (vt.isEmpty() ? "" : "  (" + String.join(", ", vt) + ")"));
      RemoteAccess.defaultRemote(session).ifPresent(d -> session.out().println("remote:   "
          + (repo.sync().published(RemoteAccess.ref(d)).holds(v) ? "on " : "not on ") + RemoteAccess.label(d)
          + " (the default remote, as this store last saw it)"));
      session.out().println("id:       " + v.id().hex());
      session.out().println("parent:   " + (r.parent() == null ? "-" : r.parent()));
      session.out().println("author:   " + r.author());
      session.out().println("time:     " + Format.time(r.time()) + " UTC");
      session.out().println("message:  " + r.message());
      session.out().printf("contents: %s files, %s dirs, %s symlinks, %s%n", Format.count(t.files()),
          Format.count(t.dirs()), Format.count(t.symlinks()), Format.bytes(t.bytes()));
      r.metadata().forEach((k, val) -> session.out().println("meta:     " + k + "=" + val));
      if (r.composed() != null) printComposition(r.composed());
      if (r.source() != null) printSource(r.source());
    }
    return 0;
  }

  private void printSource(ImportSource s) {
    session.out().println("imported: " + s.url() + " " + s.label() + "  (" + s.id() + ")"
        + (s.endpoint() == null ? "" : "  endpoint " + s.endpoint()));
  }

  private void printComposition(Composition c) {
    for (Composition.Source s : c.sources()) {
      session.out().println("source:   " + s.dataset() + "@v" + s.number() + "  (" + s.id() + ")");
    }
    c.filters().forEach(f -> session.out().println("filter:   " + f));
    if (c.sample() != null) session.out().println("sample:   " + c.sample() + " (seed " + c.seed() + ")");
    if (c.limit() != null) session.out().println("limit:    " + c.limit());
    if (c.prefixSource()) session.out().println("prefix:   each source under its dataset's name");
  }
}
