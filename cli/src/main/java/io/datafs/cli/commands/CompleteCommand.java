package io.datafs.cli.commands;

import io.datafs.cli.LocalCommand;
import io.datafs.cli.StoreOptions;
import io.datafs.core.store.StoreLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What shell completion offers for a DATASET[@VERSION] operand. It reads the store's record files
 * ({@code records/versions/<ds>/<N>.json}, {@code records/tags/<ds>/<tag>.json}) in the client: a key press must not
 * start a daemon or wait on the one that holds the index.
 */
@Command(name = "__complete", hidden = true, description = {"For shell completion: the datasets of the local store",
    "that start with PREFIX, or, when PREFIX has an '@', that dataset's versions (vN) and tags. One a line."})
public final class CompleteCommand implements LocalCommand {
  private static final String RECORD = ".json";

  @Mixin StoreOptions store;
  @Parameters(arity = "0..1", paramLabel = "PREFIX", defaultValue = "") String prefix;

  @Override
  public int runHere(PrintStream out, Map<String, String> env, Path cwd) throws IOException {
    Path records = new StoreLayout(store.home()).records();
    int at = prefix.indexOf('@');
    TreeSet<String> found = new TreeSet<>();
    if (at < 0) {
      for (String ds : names(records.resolve("versions"), "")) found.add(ds);
    } else {
      String ds = prefix.substring(0, at);
      if (ds.isEmpty() || ds.contains("/") || ds.startsWith(".")) return 0;
      for (String n : names(records.resolve("versions").resolve(ds), RECORD)) found.add(ds + "@v" + n);
      for (String tag : names(records.resolve("tags").resolve(ds), RECORD)) found.add(ds + "@" + tag);
    }
    found.stream().filter(s -> s.startsWith(prefix)).forEach(out::println);
    out.flush();
    return 0;
  }

  /** The entries of {@code dir} whose names end with {@code suffix}, without it; none when it does not exist. */
  private static TreeSet<String> names(Path dir, String suffix) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix) && !n.startsWith("."))
          .forEach(n -> names.add(n.substring(0, n.length() - suffix.length())));
    } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
      // a store with no records yet, or no such dataset: nothing to offer
    }
    return names;
  }
}
