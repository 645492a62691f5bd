package io.datafs.cli.commands;

import io.datafs.cli.DatafsSubcommand;
import io.datafs.cli.RemoteAccess;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.WalkVisitor;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = "List a directory of a version (or one file), here or on a remote with --remote.")
public final class LsCommand extends DatafsSubcommand {
  @Parameters(index = "0", paramLabel = "DATASET@VERSION") String address;
  @Parameters(index = "1", paramLabel = "PATH", defaultValue = "") String path;
  @Option(names = "-l", description = "Mode, size, sha256, mtime and the version that last changed each entry.") boolean longFormat;
  @Option(names = "-R", description = "Recurse into directories.") boolean recursive;
  @Option(names = "--json") boolean json;
  @Option(names = "--remote", paramLabel = "NAME", arity = "0..1", fallbackValue = "",
      description = "List a version on a remote (the default remote when no name is given), without pulling it.")
  String remoteName;

  @Override
  protected int run() {
    PrintStream out = session.out();
    List<Map<String, Object>> rows = json ? new ArrayList<>() : null;
    WalkVisitor print = (p, e) -> {
      if (json) rows.add(Views.entry(p, e));
      else out.println(longFormat ? longLine(p, e) : p + (e.isDir() ? "/" : ""));
      return true;
    };
    if (remoteName != null) {
      Effective r = RemoteAccess.choose(session, remoteName.isEmpty() ? null : remoteName);
      try (Remote remote = RemoteAccess.open(session, r);
           RemoteBrowser browser = session.repo().browse(remote, RemoteAccess.ref(r))) {
        browser.list(browser.resolve(address), path, recursive, print);
      }
    } else {
      Repository repo = session.repo();
      Version v = repo.resolve(address);
      repo.list(v, path, recursive, print);
    }
    if (json) Json.print(out, rows);
    out.flush();
    return 0;
  }

  private static String longLine(String path, TreeEntry e) {
    String id = e.isFile() ? e.contentId().hex() : String.format("%-64s", "-");
    String name = e.isSymlink() ? path + " -> " + e.target() : e.isDir() ? path + "/" : path;
    return String.format("%s %12d %s %s v%-3d %s", Format.mode(e), e.size(), id, Format.time(e.mtimeNanos()),
        e.changedIn(), name);
  }
}
