package io.datafs.cli;

import io.datafs.core.config.RemoteConfig;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.Remote;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.version.VersionAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which configured remote holds a version this store lacks, as audb finds the backend that holds a database: each is
 * asked in the order {@code datafs remote list} shows them, the default first, and the first that has it answers. A
 * remote that cannot be read is passed over, and named if none answers (then it is not a {@link NotFoundException}:
 * the version may be there).
 */
public final class RemoteSearch {
  /** The remote that holds the version, and the ones asked before it that did not. */
  public record Hit(Effective remote, List<String> passed) {
    /** "found cats@v2 on backup (URL), not on origin": what a command prints when it looked beyond the first. */
    public String describe(String address) {
      return "found " + address + " on " + RemoteAccess.label(remote)
          + (passed.isEmpty() ? "" : ", not on " + String.join(", ", passed));
    }
  }

  private RemoteSearch() {}

  /** Every configured remote, the default first, then in the order they are listed. */
  public static List<Effective> inOrder(Session session) {
    List<Effective> all = new ArrayList<>(RemoteConfig.load(session.repo().layout().config())
        .effective(session.remoteEnv(), session.cwd()));
    all.sort(Comparator.comparing(r -> !r.isDefault())); // stable: the rest keep their order
    return all;
  }

  /** The first remote that holds {@code address}; empty when there is no remote at all. */
  public static Optional<Hit> find(Session session, String address) {
    List<Effective> remotes = inOrder(session);
    if (remotes.isEmpty()) return Optional.empty();
    VersionAddress wanted = VersionAddress.parse(address);
    List<String> passed = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Effective r : remotes) {
      try (Remote remote = RemoteAccess.open(session, r)) {
        new RemoteCatalog(remote).resolve(wanted);
        return Optional.of(new Hit(r, List.copyOf(passed)));
      } catch (NotFoundException missing) {
        passed.add(r.entry().name().toString());
      } catch (DatafsException e) { // unreachable, denied, damaged: the next remote may have it
        if (remotes.size() == 1) throw e; // the one remote: its own words
        passed.add(r.entry().name().toString());
        unreadable.add(r.entry().name() + ": " + e.getMessage());
      }
    }
    if (!unreadable.isEmpty()) { // not "nowhere": a remote that could not be read may hold it
      throw new DatafsException("no remote that could be read holds " + address + " (asked "
          + String.join(", ", passed) + "); could not read " + String.join("; ", unreadable));
    }
    throw new NotFoundException("no remote holds " + address + " (asked " + String.join(", ", passed) + ")");
  }
}
