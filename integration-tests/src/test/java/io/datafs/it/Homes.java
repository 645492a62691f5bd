package io.datafs.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands out a {@link Datafs} per store home and stops each home's daemon (unmounting what it mounted) after
 * every test, passed or failed, so no daemon or mount outlives its test.
 */
final class Homes implements AfterEachCallback {
  private final List<Datafs> used = new ArrayList<>();

  Datafs at(Path home) {
    Datafs d = new Datafs(home);
    used.add(d);
    return d;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (Datafs d : used) d.stopDaemon();
    used.clear();
  }
}
