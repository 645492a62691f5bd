package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.FilterOptions;
import io.datafs.cli.output.Json;
import io.datafs.core.id.ObjectId;
import io.datafs.core.label.LabelName;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.version.Version;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "label", description = {
    "Attach labels to the data objects of a version that pass the filters (all of them without filters), or take",
    "them off with --remove. A label belongs to the object's content, so it shows wherever that content is, in any",
    "version or dataset; --label L selects by it. Labels travel with push and pull; no version changes."})
public final class LabelCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1..*", arity = "1..*", paramLabel = "LABEL",
      description = "Letters, digits, '_' and '-'.") List<String> names;
  @Mixin(name = "filters") FilterOptions filters;
  @Option(names = "--remove", description = "Take the labels off instead.") boolean remove;
  @Option(names = "--json") boolean json;

  @Override
  protected int run() {
    Set<LabelName> labels = new LinkedHashSet<>();
    for (String n : names) labels.add(new LabelName(n));
    Optional<List<ObjectFilter>> parsed = filters.parse(session.err());
    if (parsed.isEmpty()) return 2;
    Repository repo = session.repo();
    Version v = repo.resolve(address);
    Set<ObjectId> objects = new LinkedHashSet<>();
    repo.selection(parsed.get()).forEach(v, "", o -> {
      objects.add(o.data().contentId());
      return true;
    });
    String author = ImportOptions.authorOr(session.env("DATAFS_AUTHOR"));
    if (!objects.isEmpty()) repo.labels().apply(objects, labels, !remove, author);
    String which = String.join(", ", labels.stream().map(LabelName::value).toList());
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", v.label());
      m.put("labels", labels.stream().map(LabelName::value).toList());
      m.put("removed", remove);
      m.put("objects", objects.size());
      Json.print(session.out(), m);
    } else {
      session.out().printf("%s %s %s %d object(s) of %s%n", remove ? "took" : "put", which, remove ? "off" : "on",
          objects.size(), v.label());
    }
    return 0;
  }
}
