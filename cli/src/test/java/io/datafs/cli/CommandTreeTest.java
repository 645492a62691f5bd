package io.datafs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A command line builds only the subcommand it names, and that subcommand is the same as in the whole tree. */
class CommandTreeTest {
  @Test
  void aCommandLineBuildsOnlyTheSubcommandItNames() {
    assertEquals(List.of("get"), names(Commands.tree(null, "get", "/r", "cats@v1", "out")));
    assertEquals(List.of("ls"), names(Commands.tree(null, "ls", "--query", "x > 1", "cats")));
    int all = DatafsCommand.SUBCOMMANDS.size();
    assertEquals(all, Commands.tree(null).getSubcommands().size());
    assertEquals(all, Commands.tree(null, "--help").getSubcommands().size(), "help lists every command");
    assertEquals(all, Commands.tree(null, "lss").getSubcommands().size(), "a misspelt name is told the others");
  }

  @Test
  void eachSubcommandAloneHasTheOptionsAndSubcommandsItHasInTheWholeTree() {
    Map<String, CommandLine> whole = Commands.tree(null).getSubcommands();
    for (Map.Entry<String, CommandLine> e : whole.entrySet()) {
      CommandLine alone = Commands.tree(null, e.getKey()).getSubcommands().get(e.getKey());
      assertEquals(shape(e.getValue().getCommandSpec()), shape(alone.getCommandSpec()), e.getKey());
    }
  }

  private static List<String> names(CommandLine cli) {
    return List.copyOf(cli.getSubcommands().keySet());
  }

  /** Options (inherited ones too) and nested subcommands, by name, recursively. */
  private static Map<String, Object> shape(CommandSpec spec) {
    Map<String, Object> out = new TreeMap<>();
    for (OptionSpec o : spec.options()) out.put(o.longestName(), o.arity().toString());
    for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
      out.put("sub " + sub.getKey(), shape(sub.getValue().getCommandSpec()));
    }
    return out;
  }
}
