package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.dataset.DatasetMeta;
import io.datafs.core.dataset.MetaEdit;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.repo.DatasetMetadata;
import io.datafs.core.version.DatasetName;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dataset", description = {"A dataset's own metadata: a description and key/values, kept as a history",
    "of records (each set is one) that push and pull carry with the dataset. Version metadata (--meta on import",
    "and commit) is another thing: it describes one version."},
    subcommands = {DatasetCommand.Create.class, DatasetCommand.Show.class, DatasetCommand.Set.class})
public final class DatasetCommand {
  @Command(name = "create", description = "Create a dataset with no version yet, described. Refused if it exists.")
  public static final class Create extends DatafsSubcommand {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--description", required = true, paramLabel = "TEXT", description = "What the dataset is.")
    String description;
    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata key/value; repeatable.")
    Map<String, String> meta = new LinkedHashMap<>();
    @Option(names = "--author", description = "Who set it (default: $DATAFS_AUTHOR, else the user name).")
    String author;
    @Option(names = "--json", description = "Print the record as JSON.") boolean json;

    @Override
    protected int run() {
      DatasetName ds = new DatasetName(name);
      MetaEdit edit = new MetaEdit(description, meta, List.of(),
          author != null ? author : session.env("DATAFS_AUTHOR"));
      DatasetMeta m = session.repo().datasetMeta().set(ds, edit, true);
      printSet(session.out(), m, json, "created ");
      return 0;
    }
  }

  @Command(name = "set", description = "Change a dataset's description or metadata: the next record of its history.")
  public static final class Set extends DatafsSubcommand {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--description", paramLabel = "TEXT", description = "Its new description.") String description;
    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "Set a key; repeatable.")
    Map<String, String> meta = new LinkedHashMap<>();
    @Option(names = "--unset", paramLabel = "KEY", description = "Remove a key; repeatable.")
    List<String> unset = new ArrayList<>();
    @Option(names = "--author", description = "Who set it (default: $DATAFS_AUTHOR, else the user name).")
    String author;
    @Option(names = "--json", description = "Print the record as JSON.") boolean json;

    @Override
    protected int run() {
      if (description == null && meta.isEmpty() && unset.isEmpty()) {
        session.err().println("datafs: dataset set: nothing to set: give --description, --meta or --unset");
        return 2;
      }
      DatasetName ds = new DatasetName(name);
      MetaEdit edit = new MetaEdit(description, meta, unset, author != null ? author : session.env("DATAFS_AUTHOR"));
      DatasetMeta m = session.repo().datasetMeta().set(ds, edit, false);
      printSet(session.out(), m, json, "set ");
      return 0;
    }
  }

  @Command(name = "show", description = "Show a dataset's metadata now, or every record of it with --history.")
  public static final class Show extends DatafsSubcommand {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--history", description = "Every record, newest first: who set what, when.") boolean history;
    @Option(names = "--json") boolean json;

    @Override
    protected int run() {
      DatasetName ds = new DatasetName(name);
      DatasetMetadata metas = session.repo().datasetMeta();
      List<DatasetMeta> all = new ArrayList<>(metas.history(ds));
      if (all.isEmpty() && !metas.hasVersions(ds)) throw new NotFoundException("no dataset named '" + ds + "'");
      Collections.reverse(all);
      if (json) {
        List<Map<String, Object>> records = all.stream().map(Views::meta).toList();
        Json.print(session.out(), history ? records : records.isEmpty() ? Views.noMeta(ds) : records.get(0));
        return 0;
      }
      if (all.isEmpty()) {
        session.out().println(ds + " has no metadata yet (`datafs dataset set " + ds + " --description ...` gives it)");
        return 0;
      }
      for (DatasetMeta m : history ? all : all.subList(0, 1)) print(m);
      return 0;
    }

    private void print(DatasetMeta m) {
      session.out().println(m.label() + "  " + Format.time(m.record().time()) + " UTC  " + m.record().author()
          + "  (" + m.id().shortHex(12) + ")");
      session.out().println("description: " + m.record().description());
      m.record().metadata().forEach((k, v) -> session.out().println("meta:        " + k + "=" + v));
    }
  }

  private static void printSet(PrintStream out, DatasetMeta m, boolean json, String verb) {
    if (json) Json.print(out, Views.meta(m));
    else out.println(verb + "the metadata of " + m.record().dataset() + ": " + m.label() + "  ("
        + m.id().shortHex(12) + ")");
  }
}
