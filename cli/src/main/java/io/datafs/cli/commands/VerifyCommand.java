package io.datafs.cli.commands;

import io.datafs.cli.StoreOptions;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.repo.Repository;
import io.datafs.core.repo.VerifyReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Read every object and check every hash; exit 1 if anything is damaged.")
public final class VerifyCommand implements Callable<Integer> {
  @Mixin StoreOptions store;
  @Parameters(arity = "0..1", paramLabel = "DATASET@VERSION", description = "Only this version (default: the whole store).") String address;
  @Option(names = "--json") boolean json;

  @Override
  public Integer call() {
    try (Repository repo = store.open()) {
      VerifyReport r = repo.verify(address == null ? null : repo.resolve(address));
      if (json) {
        Json.print(System.out, r);
      } else {
        r.problems().forEach(p -> System.out.println("damaged: " + p));
        System.out.printf("%s: %s packs, %s objects, %s versions, %s files checked%s%n", r.ok() ? "ok" : "FAILED",
            Format.count(r.packs()), Format.count(r.objects()), Format.count(r.versions()), Format.count(r.files()),
            r.ok() ? "" : "; " + r.problems().size() + " problem(s)");
      }
      if (!r.ok()) System.err.println("datafs: verify found " + r.problems().size() + " problem(s)");
      return r.ok() ? 0 : 1;
    }
  }
}
