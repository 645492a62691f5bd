package io.datafs.cli;

import io.datafs.cli.commands.DaemonCommand;
import io.datafs.cli.output.ProgressBar;
import io.datafs.core.error.DatafsException;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.daemon.DaemonClient;
import io.datafs.daemon.Request;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The datafs command: parses the command line here (usage errors and --help need no daemon), then runs it in
 * the store's daemon, starting that when none runs. Exit 0 on success, 1 on an error (one line on stderr),
 * 2 on a usage error.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int status = run(args);
    if ("client".equals(System.getenv("DATAFS_CDS_RECORD"))) loadCommonClasses();
    System.exit(status);
  }

  /**
   * bin/datafs records a client's class archive (AppCDS) at the exit of one run, whatever its command: that run also
   * loads what the others load (every command's model, a few parses, a request's round trip with no daemon).
   */
  private static void loadCommonClasses() {
    try {
      Commands.model();
      for (String[] line : List.of(new String[] {"log", "ds"}, new String[] {"ls", "-l", "ds@v1", "dir"},
          new String[] {"mount", "ds@v1", "/mnt"}, new String[] {"status", "/mnt"})) {
        Commands.tree(null, line).parseArgs(line);
      }
      DaemonClient.loadClasses();
    } catch (IOException | RuntimeException e) {
      // the archive is only smaller
    }
  }

  public static int run(String... args) {
    // datafs --offline CMD ...: the global option comes first, as git -c does, for every command (a store command
    // also takes it among its options, beside --home); it travels as the environment variable
    boolean offline = args.length > 0 && args[0].equals("--offline");
    if (offline) args = java.util.Arrays.copyOfRange(args, 1, args.length);
    CommandLine cli = Commands.tree(null, args);
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      try {
        return cli.getParameterExceptionHandler().handleParseException(e, args);
      } catch (Exception unexpected) {
        return 2;
      }
    } catch (Exception e) {
      System.err.println("datafs: " + Commands.oneLine(e));
      return 2;
    }
    if (CommandLine.printHelpIfRequested(parsed)) return 0;
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) leaf = leaf.subcommand();
    Object command = leaf.commandSpec().userObject();
    try {
      if (command instanceof DaemonCommand daemon) return daemon.runHere(args);
      if (command instanceof LocalCommand local && local.runsHere()) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (offline || command instanceof DatafsSubcommand sub && sub.storeOptions().offline()) {
          env.put(RemoteOptions.OFFLINE, "1");
        }
        return local.runHere(System.out, env, java.nio.file.Path.of("").toAbsolutePath());
      }
      if (!(command instanceof DatafsSubcommand sub)) {
        cli.usage(System.err);
        return 2;
      }
      if (sub instanceof DaemonCommand.Stop stop) return stop.stopFromClient(args);
      return forwardArgs(sub.storeOptions().home(), args, offline);
    } catch (DatafsException | IOException e) {
      System.err.println("datafs: " + Commands.oneLine(e));
      return 1;
    }
  }

  /** {@code datafs daemon}: start one if none runs, and say which runs. */
  public static int forwardStatus(java.nio.file.Path home) throws IOException {
    return forwardArgs(home, new String[] {"daemon", "status", "--home", home.toString()});
  }

  /**
   * What the daemon is told of the client's environment: the author, and what opening a remote reads (which remote,
   * and the SDKs' credentials: the socket is the user's own, 0600, and nothing logs a request's environment).
   */
  static final List<String> FORWARDED_ENV = List.of("DATAFS_AUTHOR", RemoteOptions.OFFLINE,
      "DATAFS_REMOTE", "DATAFS_REMOTE_URL",
      "DATAFS_REMOTE_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
      "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
      "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY");

  /** Runs a command line in the daemon of {@code home} and relays its output. */
  public static int forwardArgs(java.nio.file.Path home, String[] args) throws IOException {
    return forwardArgs(home, args, false);
  }

  /** {@link #forwardArgs(java.nio.file.Path, String[])}, offline when {@code offline} (a leading --offline). */
  static int forwardArgs(java.nio.file.Path home, String[] args, boolean offline) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String name : FORWARDED_ENV) {
      String v = System.getenv(name);
      if (v != null) env.put(name, v);
    }
    if (offline) env.put(RemoteOptions.OFFLINE, "1");
    Request request = new Request(List.of(args), System.getProperty("user.dir"), ProgressBar.stderrIsTerminal(), env);
    return new DaemonClient(home).run(request, System.out, System.err);
  }
}
