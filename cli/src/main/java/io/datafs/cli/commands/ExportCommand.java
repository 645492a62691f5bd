package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.FilterOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.version.Version;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = {
    "Write a version out as a plain folder (which must not exist or be empty).",
    "With filters, only the data objects that pass them, each with its annotation (LDB's instantiate)."})
public final class ExportCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "FOLDER") Path folder;
  @Mixin(name = "filters") FilterOptions filters;
  @Option(names = "--annotations-only", description = "Write only the annotations of the objects selected.")
  boolean annotationsOnly;

  @Override
  protected int run() {
    Repository repo = session.repo();
    Version v = repo.resolve(address);
    if (!filters.any() && !annotationsOnly) {
      repo.export(v, session.path(folder), null);
    } else {
      Optional<List<ObjectFilter>> parsed = filters.parse(session.err());
      if (parsed.isEmpty()) return 2;
      Set<String> chosen = new HashSet<>();
      repo.selection(parsed.get()).forEach(v, "", o -> {
        if (!annotationsOnly) chosen.add(o.path());
        if (o.annotation() != null) chosen.add(o.annotationPath());
        return true;
      });
      repo.export(v, session.path(folder), chosen::contains);
    }
    session.out().println("exported " + v.label() + " to " + folder);
    return 0;
  }
}
