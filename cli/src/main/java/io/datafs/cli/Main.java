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
    System.exit(run(args));
  }

  public static int run(String... args) {
    args = offlineFirst(args);
    CommandLine cli = Commands.tree(null);
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
        if (command instanceof DatafsSubcommand sub && sub.storeOptions().offline()) env.put(RemoteOptions.OFFLINE, "1");
        return local.runHere(System.out, env, java.nio.file.Path.of("").toAbsolutePath());
      }
      if (!(command instanceof DatafsSubcommand sub)) {
        cli.usage(System.err);
        return 2;
      }
      if (sub instanceof DaemonCommand.Stop stop) return stop.stopFromClient(args);
      return forwardArgs(sub.storeOptions().home(), args);
    } catch (DatafsException | IOException e) {
      System.err.println("datafs: " + Commands.oneLine(e));
      return 1;
    }
  }

  /**
   * {@code datafs --offline CMD ...}: the global option may come first, as {@code git -c} does; it is an option of every
   * command (beside {@code --home}), so it moves behind the command's words, before a {@code --} if there is one.
   */
  static String[] offlineFirst(String[] args) {
    if (args.length == 0 || !args[0].equals("--offline")) return args;
    List<String> rest = new java.util.ArrayList<>(List.of(args).subList(1, args.length));
    int end = rest.indexOf("--");
    rest.add(end < 0 ? rest.size() : end, "--offline");
    return rest.toArray(String[]::new);
  }

  /** {@code datafs daemon}: start one if none runs, and say which runs. */
  public static int forwardStatus(java.nio.file.Path home) throws IOException {
    return forwardArgs(home, new String[] {"daemon", "status", "--home", home.toString()});
  }

  /**
   * What the daemon is told of the client's environment: the author, and what opening a remote reads (which remote,
   * and the SDKs' credentials: the socket is the user's own, 0600, and nothing logs a request's environment).
   */
  static final List<String> FORWARDED_ENV = List.of("DATAFS_AUTHOR", "DATAFS_DEBUG", RemoteOptions.OFFLINE, "DATAFS_REMOTE", "DATAFS_REMOTE_URL",
      "DATAFS_REMOTE_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
      "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
      "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY");

  /** Runs a command line in the daemon of {@code home} and relays its output. */
  public static int forwardArgs(java.nio.file.Path home, String[] args) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String name : FORWARDED_ENV) {
      String v = System.getenv(name);
      if (v != null) env.put(name, v);
    }
    Request request = new Request(List.of(args), System.getProperty("user.dir"), ProgressBar.stderrIsTerminal(), env);
    return new DaemonClient(home).run(request, System.out, System.err);
  }
}
