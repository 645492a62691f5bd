package io.datafs.cli.commands;

import io.datafs.cli.LocalCommand;
import io.datafs.cli.RegistryUrl;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.registry.Download;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.TreeListing;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = {
    "Download a version of a remote, or a directory or file of it, as plain files.",
    "URL is s3://..., az://... or a folder written with a '/'; no store is",
    "needed. Only the chunks of what is asked for are fetched, each checked, and",
    "DEST appears whole or not at all: it must not exist (or, for a directory,",
    "be an empty folder)."})
public final class GetCommand implements LocalCommand {
  @Parameters(index = "0", paramLabel = "URL") String url;
  @Parameters(index = "1", paramLabel = "DATASET@VERSION[:PATH]") String what;
  @Parameters(index = "2", paramLabel = "DEST") Path dest;
  @Option(names = "--endpoint", paramLabel = "URL", description = "The remote's S3-compatible server (as remote add).")
  String endpoint;
  @Option(names = "--json", description = "Print what was written as JSON.") boolean json;

  @Override
  public int runHere(PrintStream out, Map<String, String> env, Path cwd) {
    String[] addressAndPath = split(what);
    String path = String.join("/", TreeListing.splitPath(addressAndPath[1]));
    Path target = cwd.resolve(dest).toAbsolutePath().normalize();
    try (Remote remote = RegistryUrl.open(RegistryUrl.ref(url, endpoint, cwd), env);
         RemoteBrowser browser = RegistryUrl.browse(remote)) {
      Version v = browser.resolve(addressAndPath[0]);
      Download.Result r = Download.get(browser, v, path, target);
      String got = v.label() + (path.isEmpty() ? "" : ":" + path);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.label());
        m.put("id", v.id().hex());
        m.put("path", path);
        m.put("dest", target.toString());
        m.put("files", r.files());
        m.put("bytes", r.bytes());
        m.put("requests", r.requests());
        m.put("bytesFetched", r.bytesFetched());
        Json.print(out, m);
      } else {
        out.printf("got %s into %s: %s files, %s (fetched %s in %d requests)%n", got, dest, Format.count(r.files()),
            Format.bytes(r.bytes()), Format.bytes(r.bytesFetched()), r.requests());
      }
    }
    out.flush();
    return 0;
  }

  /** {@code cats@v3:images/a.jpg} into the address and the path ("" when none); LDB's {@code ds:cats.v3:x} too. */
  static String[] split(String text) {
    int colon = text.indexOf(':', text.startsWith("ds:") ? 3 : 0);
    return colon < 0 ? new String[] {text, ""} : new String[] {text.substring(0, colon), text.substring(colon + 1)};
  }
}
