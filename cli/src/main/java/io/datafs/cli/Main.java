package io.datafs.cli;

import io.datafs.core.error.DatafsException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: exit 0 on success, 1 on an error (one line on stderr), 2 on a usage error. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new DatafsCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      err.println("datafs: " + oneLine(e));
      if (System.getenv("DATAFS_DEBUG") != null) e.printStackTrace(err);
      err.flush();
      return 1;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("datafs: " + e.getMessage());
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return 2;
    });
    return cli.execute(args);
  }

  private static String oneLine(Throwable e) {
    if (e instanceof DatafsException) return e.getMessage();
    if (e instanceof java.io.IOException) return e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof OutOfMemoryError) return "out of memory: raise the heap with JAVA_OPTS=-Xmx...";
    return "internal error: " + e + " (set DATAFS_DEBUG=1 for a stack trace)";
  }
}
