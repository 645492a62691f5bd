package io.datafs.cli;

import io.datafs.core.error.DatafsException;
import io.datafs.daemon.Daemon;
import io.datafs.daemon.Request;
import io.datafs.fs.FsException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Builds the picocli command tree, and runs a client's command line in the daemon. */
public final class Commands {
  private static final System.Logger LOG = System.getLogger("datafs.daemon");

  private Commands() {}

  /** The whole command tree; with a session, commands are wired to it (daemon side), without one they only parse. */
  static CommandLine tree(Session session) {
    return tree(session, new String[0]);
  }

  /** The whole command tree, unwired: what completion scripts and man pages are generated from. */
  public static CommandLine model() {
    return tree(null);
  }

  /**
   * The command tree for one command line: the top command and only the subcommand {@code args} names (its first
   * operand), or every subcommand when it names none (as {@code datafs --help} or a misspelt name, whose error lists
   * the others).
   */
  static CommandLine tree(Session session, String... args) {
    CommandLine cli = new CommandLine(new DatafsCommand(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        K k = CommandLine.defaultFactory().create(cls);
        if (session != null && k instanceof DatafsSubcommand c) c.attach(session);
        return k;
      }
    });
    Class<?> named = named(args);
    for (Class<?> sub : DatafsCommand.SUBCOMMANDS) {
      if (named == null || sub == named) cli.addSubcommand(sub);
    }
    cli.setParameterExceptionHandler((e, badArgs) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("datafs: " + e.getMessage());
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return 2;
    });
    return cli;
  }

  /** The subcommand whose name or alias is the first operand of {@code args}, or null. */
  private static Class<?> named(String[] args) {
    for (String arg : args) {
      if (arg.startsWith("-")) continue; // the top command's options (--help, --version) take no value
      for (Class<?> sub : DatafsCommand.SUBCOMMANDS) {
        Command c = sub.getAnnotation(Command.class);
        if (c.name().equals(arg) || Arrays.asList(c.aliases()).contains(arg)) return sub;
      }
      return null;
    }
    return null;
  }

  /** Daemon side: runs one request with its own streams; the exit status goes back to the client. */
  public static int run(Daemon daemon, Request request, OutputStream out, OutputStream err) {
    Session session = new Session(daemon, request, out, err);
    CommandLine cli = tree(session, request.argv().toArray(String[]::new));
    cli.setOut(new PrintWriter(session.out(), true));
    cli.setErr(new PrintWriter(session.err(), true));
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      session.err().println("datafs: " + oneLine(e));
      if (!(e instanceof DatafsException || e instanceof IOException)) {
        LOG.log(System.Logger.Level.ERROR, "internal error running " + request.argv(), e);
      }
      return 1;
    });
    int status = cli.execute(request.argv().toArray(String[]::new));
    session.flush();
    return status;
  }

  static String oneLine(Throwable e) {
    if (e instanceof DatafsException || e instanceof FsException) return e.getMessage();
    if (e instanceof IOException) return e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof OutOfMemoryError) return "out of memory: raise the daemon's heap with JAVA_OPTS=-Xmx...";
    return "internal error: " + e + " (details in the daemon log)";
  }
}
