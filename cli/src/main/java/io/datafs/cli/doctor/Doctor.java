package io.datafs.cli.doctor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code datafs doctor}: every check, in order, one line each; 0 when none failed, 1 otherwise. */
public final class Doctor {
  private Doctor() {}

  public static int run(Path home, Map<String, String> env, PrintStream out) {
    List<Finding> all = new ArrayList<>(SystemChecks.run());
    all.addAll(StoreChecks.run(home));
    all.addAll(RemoteChecks.run(home, env));
    all.forEach(f -> out.println(f.line()));
    long failed = all.stream().filter(f -> f.status() == Finding.Status.FAIL).count();
    out.println(failed == 0 ? "datafs can work here" : failed + " problem(s): datafs cannot work here until fixed");
    return failed == 0 ? 0 : 1;
  }
}
