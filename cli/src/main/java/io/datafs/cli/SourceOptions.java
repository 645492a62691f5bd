package io.datafs.cli;

import io.datafs.core.compose.Composer;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.select.Sample;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How {@code compose} and {@code add} choose objects of their sources beyond the filters: sample, limit, prefixes. */
public final class SourceOptions {
  @Option(names = "--sample", paramLabel = "P", description = "Keep each object with probability P, in (0, 1].")
  Double sample;
  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "The sampling seed (default 0).")
  long seed;
  @Option(names = "--limit", paramLabel = "N", description = "Keep at most N objects, the first in path order.")
  Long limit;
  @Option(names = "--prefix-source", description = "Put each source's objects under a folder named after its dataset.")
  boolean prefixSource;
  @Option(names = "--remote", paramLabel = "NAME",
      description = "Where to look for a source this store lacks (default: the default remote).")
  String remoteName;

  /**
   * The request for {@code sources} (each found here, or its metadata fetched from the remote with a line on
   * {@code note}) and {@code filters}.
   */
  public Composer.Request request(Session session, List<String> sources, List<ObjectFilter> filters,
                                  boolean allowEmpty, PrintStream note) {
    Sample sampling = sample == null ? null : new Sample(sample, seed);
    List<Version> from = new ArrayList<>();
    for (String s : sources) from.add(RemoteAccess.resolveOrFetch(session, s, remoteName, note).version());
    return new Composer.Request(from, filters, sampling, limit, prefixSource, allowEmpty);
  }
}
