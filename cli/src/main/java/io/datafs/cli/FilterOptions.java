package io.datafs.cli;

import io.datafs.core.query.QueryParseException;
import io.datafs.core.select.ObjectFilter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The object filters of {@code ls}, {@code compose}, {@code add}, {@code del}, {@code label} and {@code export}
 * (LDB's {@code --query} and {@code --file}, plus {@code --glob} and {@code --label}), kept in the order typed: they
 * apply in that order, as LDB's do.
 */
public final class FilterOptions {
  /** Each filter as typed: the option, then its value. */
  private final List<String[]> typed = new ArrayList<>();

  @Option(names = "--query", paramLabel = "QUERY", parameterConsumer = InOrder.class,
      description = "Objects whose annotation makes QUERY true (LDB's language over JMESPath; docs/QUERY.md).")
  List<String> queries;
  @Option(names = "--file", paramLabel = "QUERY", parameterConsumer = InOrder.class,
      description = "Objects whose PATH, NAME, SIZE (10K, 2M) or MTIME (2024-01-01) make QUERY true.")
  List<String> files;
  @Option(names = "--glob", paramLabel = "GLOB", parameterConsumer = InOrder.class,
      description = "Objects whose path matches GLOB ('train/**/*.jpg').")
  List<String> globs;
  @Option(names = "--label", paramLabel = "LABEL", parameterConsumer = InOrder.class,
      description = "Objects whose content carries LABEL (datafs label).")
  List<String> labels;

  public boolean any() {
    return !typed.isEmpty();
  }

  /**
   * The filters, or empty after printing why one does not parse (the caller exits 2, as for any usage error).
   */
  public Optional<List<ObjectFilter>> parse(PrintStream err) {
    List<ObjectFilter> filters = new ArrayList<>();
    for (String[] t : typed) {
      try {
        filters.add(switch (t[0]) {
          case "--query" -> ObjectFilter.query(t[1]);
          case "--file" -> ObjectFilter.file(t[1]);
          case "--glob" -> ObjectFilter.glob(t[1]);
          default -> ObjectFilter.label(t[1]);
        });
      } catch (QueryParseException e) {
        err.println("datafs: " + e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.of(filters);
  }

  /** Adds each value to the mixin's list in the order typed, whichever of the four options it is. */
  static final class InOrder implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      if (args.isEmpty()) {
        throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(),
            "Missing required parameter for option '" + ((picocli.CommandLine.Model.OptionSpec) argSpec).longestName()
                + "' (" + argSpec.paramLabel() + ")");
      }
      String name = ((picocli.CommandLine.Model.OptionSpec) argSpec).longestName();
      FilterOptions mine = (FilterOptions) commandSpec.mixins().get("filters").userObject();
      mine.typed.add(new String[] {name, args.pop()});
    }
  }
}
