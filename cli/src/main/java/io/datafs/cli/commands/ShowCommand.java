package io.datafs.cli.commands;

import io.datafs.cli.StoreOptions;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.repo.Repository;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show one version: id, parent, author, message, metadata, totals, tags.")
public final class ShowCommand implements Callable<Integer> {
  @Mixin StoreOptions store;
  @Parameters(paramLabel = "DATASET@VERSION") String address;
  @Option(names = "--json") boolean json;

  @Override
  public Integer call() {
    try (Repository repo = store.open()) {
      Version v = repo.resolve(address);
      Map<String, Long> tags = repo.tags(v.record().datasetName());
      if (json) {
        Json.print(System.out, Views.version(v, tags));
        return 0;
      }
      VersionRecord r = v.record();
      Totals t = r.totals();
      List<String> vt = Views.tagsOf(v, tags);
      System.out.println(v.label() + (vt.isEmpty() ? "" : "  (" + String.join(", ", vt) + ")"));
      System.out.println("id:       " + v.id().hex());
      System.out.println("parent:   " + (r.parent() == null ? "-" : r.parent()));
      System.out.println("author:   " + r.author());
      System.out.println("time:     " + Format.time(r.time()) + " UTC");
      System.out.println("message:  " + r.message());
      System.out.printf("contents: %s files, %s dirs, %s symlinks, %s%n", Format.count(t.files()), Format.count(t.dirs()),
          Format.count(t.symlinks()), Format.bytes(t.bytes()));
      r.metadata().forEach((k, val) -> System.out.println("meta:     " + k + "=" + val));
    }
    return 0;
  }
}
