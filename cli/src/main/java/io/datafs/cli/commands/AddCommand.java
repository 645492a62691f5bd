package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.FilterOptions;
import io.datafs.cli.SourceOptions;
import io.datafs.core.compose.Composer;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.tree.TreeEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", description = {
    "Stage in a writable mount the data objects of each SOURCE that pass the filters, each with its annotation, at",
    "its own path (LDB's add, the mount being the workspace). Metadata only: nothing is copied until a file is",
    "edited through the mount; `datafs status` shows them and `datafs commit` publishes them.",
    "MOUNTDIR is the mount directory or a path inside it."})
public final class AddCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "MOUNTDIR") Path dir;
  @Parameters(index = "1..*", arity = "1..*", paramLabel = "SOURCE") List<String> sources;
  @Mixin(name = "filters") FilterOptions filters;
  @Mixin(name = "sources") SourceOptions sourcing;

  @Override
  protected int run() {
    Optional<List<ObjectFilter>> parsed = filters.parse(session.err());
    if (parsed.isEmpty()) return 2;
    Path mount = session.path(dir);
    session.daemon().mounts().overlayAt(mount); // a directory that is no writable mount is refused before anything
    Composer.Request request = sourcing.request(session, sources, parsed.get(), true, session.out());
    SortedMap<String, TreeEntry> files = Composer.files(session.repo().selection(parsed.get()), request);
    int staged = session.daemon().mounts().addStored(mount, files);
    session.out().println("staged " + staged + " file(s) (objects and their annotations) in " + mount);
    return 0;
  }
}
