package io.datafs.cli.commands;

import io.datafs.cli.RemoteAccess;
import io.datafs.cli.Session;
import io.datafs.cli.output.Json;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.remote.Remote;
import io.datafs.core.repo.Repository;
import io.datafs.core.sync.SyncStatus;
import io.datafs.core.version.DatasetName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code datafs datasets --sync}: each dataset against a remote. Offline, the remote is not read: each dataset of this
 * store is listed with the remote's state unknown, and a line on stderr says so.
 */
final class SyncView {
  private SyncView() {}

  static void print(Session session, Effective r, boolean json) {
    Repository repo = session.repo();
    String name = r.entry().name().toString();
    if (session.offline()) {
      session.err().println("datafs: offline: the state of each dataset on " + RemoteAccess.label(r)
          + " is unknown (it was not contacted); listing what this store holds");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (DatasetName ds : repo.datasets()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", ds.value());
        m.put("remote", name);
        m.put("state", "unknown");
        m.put("localHead", repo.resolve(ds.value()).record().number());
        rows.add(m);
        if (!json) session.out().printf("%-24s %-14s here %-7s %s ?%n", ds, "unknown", "v" + m.get("localHead"), name);
      }
      if (json) Json.print(session.out(), rows);
      return;
    }
    List<SyncStatus.Row> rows;
    try (Remote remote = RemoteAccess.open(session, r)) {
      rows = repo.sync().syncStatus(remote);
    }
    if (json) {
      Json.print(session.out(), rows.stream().map(row -> json(row, name)).toList());
      return;
    }
    for (SyncStatus.Row row : rows) {
      String state = row.state().toString() + switch (row.state()) {
        case AHEAD -> " " + row.ahead();
        case BEHIND -> " " + row.behind();
        default -> "";
      };
      session.out().println(String.format("%-24s %-14s here %-7s %s %-7s%s", row.dataset(), state,
          head(row.localHead()), name, head(row.remoteHead()), detail(row, name)).stripTrailing());
    }
  }

  private static String head(long n) {
    return n == 0 ? "-" : "v" + n;
  }

  /** Which versions are where, when they are not all in both. */
  private static String detail(SyncStatus.Row row, String remote) {
    List<String> parts = new ArrayList<>();
    if (row.ahead() > 0 && row.localHead() > 0 && row.remoteHead() > 0) {
      parts.add(range(row.common() + 1, row.localHead()) + " not on " + remote);
    }
    if (row.behind() > 0 && row.localHead() > 0 && row.remoteHead() > 0) {
      parts.add(range(row.common() + 1, row.remoteHead()) + " not here");
    }
    if (row.state() == SyncStatus.State.DIVERGED) {
      parts.add(row.common() == 0 ? "no version in common" : "in both up to v" + row.common());
    }
    return parts.isEmpty() ? "" : "  (" + String.join("; ", parts) + ")";
  }

  private static String range(long from, long to) {
    return from == to ? "v" + from : "v" + from + "..v" + to;
  }

  private static Map<String, Object> json(SyncStatus.Row row, String remote) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset", row.dataset().value());
    m.put("remote", remote);
    m.put("state", row.state().toString());
    m.put("localHead", row.localHead());
    m.put("remoteHead", row.remoteHead());
    m.put("common", row.common());
    m.put("ahead", row.ahead());
    m.put("behind", row.behind());
    return m;
  }
}
