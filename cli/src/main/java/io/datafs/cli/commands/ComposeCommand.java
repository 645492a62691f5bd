package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.FilterOptions;
import io.datafs.cli.SourceOptions;
import io.datafs.cli.SemverOptions;
import io.datafs.core.compose.Composer;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.SemverChoice;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compose", description = {
    "Make the next version of dataset NEW (created if absent) from the data objects of each SOURCE that pass the",
    "filters (applied in the order given), each with its annotation, at its own path; then --sample keeps each",
    "with probability P (decided by its content and --seed: the same on any machine, in any source order), and",
    "--limit keeps the first N in path order. Metadata only: no byte is copied, and a push uploads no data.",
    "A SOURCE is DATASET@VERSION or a dataset's latest; one this store lacks is looked up on the remote (--remote,",
    "else the default one) and its metadata fetched."})
public final class ComposeCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "NEW") String dataset;
  @Parameters(index = "1..*", arity = "1..*", paramLabel = "SOURCE") List<String> sources;
  @Mixin(name = "filters") FilterOptions filters;
  @Mixin(name = "sources") SourceOptions sourcing;
  @Option(names = "--allow-empty", description = "Make the version even when nothing is selected.")
  boolean allowEmpty;
  @Option(names = {"-m", "--message"}, description = "What this version is.") String message;
  @Option(names = "--author", description = "Who made it (default: $DATAFS_AUTHOR, else the user name).")
  String author;
  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata key/value; repeatable.")
  Map<String, String> meta = new LinkedHashMap<>();
  @Option(names = "--json", description = "Print the new version as JSON.") boolean json;
  @Mixin SemverOptions semver;

  @Override
  protected int run() {
    DatasetName ds = new DatasetName(dataset);
    SemverChoice choice = semver.choice();
    Optional<List<ObjectFilter>> parsed = filters.parse(session.err());
    if (parsed.isEmpty()) return 2;
    PrintStream note = json ? session.err() : session.out(); // --json prints only the version on stdout
    Composer.Request request = sourcing.request(session, sources, parsed.get(), allowEmpty, note);
    String who = author != null ? author : session.env("DATAFS_AUTHOR");
    ImportResult r = session.repo().compose(ds, request, new ImportOptions(message, who, meta).withSemver(choice));
    Views.printMade(session.out(), r, json, "composed ", "");
    return 0;
  }
}
