package io.datafs.cli.doctor;

import io.datafs.core.config.RemoteConfig;
import io.datafs.core.error.DatafsException;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.Remotes;
import io.datafs.core.store.StoreLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Each configured remote answers, and takes this environment's credentials: one cheap request (the size of its
 * {@code datafs.json}), made without datafs's retries, so a remote that is down says so at once.
 */
final class RemoteChecks {
  private RemoteChecks() {}

  static List<Finding> run(Path home, Map<String, String> env) {
    RemoteConfig config;
    try {
      config = RemoteConfig.load(new StoreLayout(home).config());
    } catch (DatafsException e) {
      return List.of(Finding.fail("remotes", e.getMessage()));
    }
    if (config.remotes().isEmpty()) return List.of(Finding.ok("remotes", "none configured"));
    List<Finding> found = new ArrayList<>();
    for (RemoteConfig.Entry e : config.remotes().values()) found.add(check(e, env));
    return found;
  }

  private static Finding check(RemoteConfig.Entry e, Map<String, String> env) {
    String what = "remote " + e.name() + " (" + e.url() + (e.endpoint() == null ? "" : " at " + e.endpoint()) + ")";
    Remotes remotes = Remotes.load();
    try (Remote remote = remotes.provider(e.url()).open(e.url(), new RemoteOptions(e.endpoint(), env))) {
      OptionalLong size = remote.size(RemoteLayout.FORMAT);
      return size.isPresent() ? Finding.ok(what, "answers, credentials accepted")
          : Finding.warn(what, "answers, but holds no datafs.json yet: the first push writes it");
    } catch (DatafsException | IllegalArgumentException ex) {
      return Finding.fail(what, SystemChecks.oneLine(ex) + ": check that it runs and is reachable from here, and"
          + " its credentials (datafs remote --help)");
    }
  }
}
