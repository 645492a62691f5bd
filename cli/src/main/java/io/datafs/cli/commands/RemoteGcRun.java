package io.datafs.cli.commands;

import io.datafs.cli.RemoteAccess;
import io.datafs.cli.Session;
import io.datafs.cli.output.Format;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.gc.RemoteGc;
import io.datafs.core.gc.RemoteGcReport;
import io.datafs.core.remote.Remote;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code datafs gc --remote NAME}: the GC of a shared remote ({@link RemoteGc}), or {@code --unlock}. */
final class RemoteGcRun {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

  private RemoteGcRun() {}

  static int run(Session session, String name, String grace, boolean dryRun, boolean force, boolean unlock,
                 boolean json) {
    Duration g = parse(grace); // bad input is refused before the remote is opened
    RemoteGc.checkGrace(g, force);
    Effective r = RemoteAccess.choose(session, name);
    try (Remote remote = RemoteAccess.open(session, r)) {
      if (unlock) {
        boolean was = RemoteGc.unlock(remote);
        session.out().println(was ? "removed the gc lock of " + RemoteAccess.label(r)
            : "no gc lock on " + RemoteAccess.label(r));
        return 0;
      }
      RemoteGcReport rep = session.repo().sync().remoteGc(remote).run(g, dryRun, force);
      if (json) {
        Json.print(session.out(), rep);
        return 0;
      }
      session.out().printf("marked %s versions on %s: %s chunks and %s tree pages or chunk lists are live%n",
          Format.count(rep.versions()), RemoteAccess.label(r), Format.count(rep.liveChunks()),
          Format.count(rep.liveMetadata()));
      session.out().printf("packs: %s live, %s named by pushes under way, %s within the grace (%s), %s %s (%s)%n",
          Format.count(rep.packsLive()), Format.count(rep.packsPending()), Format.count(rep.packsTooNew()), grace,
          Format.count(rep.packsDeleted()), rep.dryRun() ? "to delete" : "deleted", Format.bytes(rep.bytesDeleted()));
      if (rep.markersDeleted() > 0) {
        session.out().printf("%s abandoned push marker(s) deleted%n", Format.count(rep.markersDeleted()));
      }
      return 0;
    }
  }

  /** {@code 24h}, {@code 30m}, {@code 0s}, {@code 7d}. */
  static Duration parse(String s) {
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      throw new InvalidInputException("--grace '" + s + "' is not a duration like 24h, 90m, 7d or 0s");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
