package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.repo.Repository;
import io.datafs.core.repo.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Read every object and check every hash; exit 1 if anything is damaged.")
public final class VerifyCommand extends DatafsSubcommand {
  @Parameters(arity = "0..1", paramLabel = "DATASET@VERSION", description = "Only this version (default: the whole store).") String address;
  @Option(names = "--json") boolean json;

  @Override
  protected int run() {
    {
      Repository repo = session.repo();
      VerifyReport r = repo.verify(address == null ? null : repo.resolve(address));
      if (json) {
        Json.print(session.out(), r);
      } else {
        r.problems().forEach(p -> session.out().println("damaged: " + p));
        session.out().printf("%s: %s packs, %s objects, %s versions, %s files checked%s%n", r.ok() ? "ok" : "FAILED",
            Format.count(r.packs()), Format.count(r.objects()), Format.count(r.versions()), Format.count(r.files()),
            r.ok() ? "" : "; " + r.problems().size() + " problem(s)");
      }
      if (!r.ok()) session.err().println("datafs: verify found " + r.problems().size() + " problem(s)");
      return r.ok() ? 0 : 1;
    }
  }
}
