package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.FilterOptions;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.SemverOptions;
import io.datafs.core.compose.Composer;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.select.Sample;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.SemverChoice;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.util.ArrayList;
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
  @Option(names = "--sample", paramLabel = "P", description = "Keep each object with probability P, in (0, 1].")
  Double sample;
  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "The sampling seed (default 0).")
  long seed;
  @Option(names = "--limit", paramLabel = "N", description = "Keep at most N objects, the first in path order.")
  Long limit;
  @Option(names = "--prefix-source", description = "Put each source's objects under a folder named after its dataset.")
  boolean prefixSource;
  @Option(names = "--allow-empty", description = "Make the version even when nothing is selected.")
  boolean allowEmpty;
  @Option(names = {"-m", "--message"}, description = "What this version is.") String message;
  @Option(names = "--author", description = "Who made it (default: $DATAFS_AUTHOR, else the user name).")
  String author;
  @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata key/value; repeatable.")
  Map<String, String> meta = new LinkedHashMap<>();
  @Option(names = "--remote", paramLabel = "NAME",
      description = "Where to look for a source this store lacks (default: the default remote).")
  String remoteName;
  @Option(names = "--json", description = "Print the new version as JSON.") boolean json;
  @Mixin SemverOptions semver;

  @Override
  protected int run() {
    DatasetName ds = new DatasetName(dataset);
    SemverChoice choice = semver.choice();
    Optional<List<ObjectFilter>> parsed = filters.parse(session.err());
    if (parsed.isEmpty()) return 2;
    Sample sampling = sample == null ? null : new Sample(sample, seed);
    List<Version> from = new ArrayList<>();
    PrintStream note = json ? session.err() : session.out(); // --json prints only the version on stdout
    for (String s : sources) from.add(RemoteAccess.resolveOrFetch(session, s, remoteName, note).version());
    Composer.Request request = new Composer.Request(from, parsed.get(), sampling, limit, prefixSource, allowEmpty);
    String who = author != null ? author : session.env("DATAFS_AUTHOR");
    ImportResult r = session.repo().compose(ds, request, new ImportOptions(message, who, meta).withSemver(choice));
    Views.printMade(session.out(), r, json, "composed ", "");
    return 0;
  }
}
