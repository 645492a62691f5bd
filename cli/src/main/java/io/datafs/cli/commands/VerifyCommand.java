package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.repo.RepairReport;
import io.datafs.core.repo.Repository;
import io.datafs.core.repo.VerifyReport;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = {"Read every object and check every hash; exit 1 if anything is damaged.",
    "With --repair, first rebuild what the store's index lacks (a lost db/) from the packs and the version records."})
public final class VerifyCommand extends DatafsSubcommand {
  @Parameters(arity = "0..1", paramLabel = "DATASET@VERSION",
      description = "Only this version (default: the whole store).")
  String address;
  @Option(names = "--repair",
      description = "Rebuild the index from the packs and version records first; say what cannot be.")
  boolean repair;
  @Option(names = "--json") boolean json;

  @Override
  protected int run() {
    RepairReport fixed = null;
    if (repair) {
      if (address != null) {
        throw new InvalidInputException("--repair rebuilds the whole store's index: name no version");
      }
      fixed = session.daemon().repository().repairIndex();
      session.daemon().restoreMounts();
    }
    Repository repo = session.repo();
    VerifyReport r = repo.verify(address == null ? null : repo.resolve(address));
    if (json) {
      Map<String, Object> both = new LinkedHashMap<>();
      both.put("repair", fixed);
      both.put("verify", r);
      Json.print(session.out(), fixed == null ? r : both);
    } else {
      if (fixed != null) printRepair(fixed);
      r.problems().forEach(p -> session.out().println("damaged: " + p));
      session.out().printf("%s: %s packs, %s objects, %s versions, %s files checked%s%n", r.ok() ? "ok" : "FAILED",
          Format.count(r.packs()), Format.count(r.objects()), Format.count(r.versions()), Format.count(r.files()),
          r.ok() ? "" : "; " + r.problems().size() + " problem(s)");
    }
    if (!r.ok()) {
      session.err().println("datafs: verify found " + r.problems().size() + " problem(s)");
    } else if (fixed != null && !fixed.notRebuilt().isEmpty()) {
      session.err().println("datafs: the index was rebuilt but " + fixed.notRebuilt().size()
          + " thing(s) could not be");
    }
    return r.ok() && (fixed == null || fixed.notRebuilt().isEmpty()) ? 0 : 1;
  }

  private void printRepair(RepairReport f) {
    session.out().printf("rebuilt the index: %s packs (%s objects), %s versions of %s datasets, %s tags, %s dataset"
        + " metadata records%n", Format.count(f.packs()), Format.count(f.objects()), Format.count(f.versions()),
        Format.count(f.datasets()), Format.count(f.tags()), Format.count(f.metaRecords()));
    f.notRebuilt().forEach(line -> session.out().println("not rebuilt: " + line));
  }
}
