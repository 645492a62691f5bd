package io.datafs.cli;

import io.datafs.core.config.RemoteConfig;
import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.config.RemoteName;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteRef;
import io.datafs.core.remote.Remotes;
import io.datafs.cli.commands.PullCommand;
import io.datafs.core.sync.LazyFetch;
import io.datafs.core.sync.Puller;
import io.datafs.core.sync.TransferProgress;
import io.datafs.core.version.Version;
import java.io.PrintStream;
import java.util.Optional;

/** The remote a command names with {@code --remote}, or the default one, opened with the client's environment. */
public final class RemoteAccess {
  private RemoteAccess() {}

  /** The configured remote called {@code name}, or the default when null. */
  public static Effective choose(Session session, String name) {
    RemoteConfig config = RemoteConfig.load(session.repo().layout().config());
    var all = config.effective(session.remoteEnv(), session.cwd());
    if (name != null) {
      RemoteName n = new RemoteName(name);
      return all.stream().filter(r -> r.entry().name().equals(n)).findFirst().orElseThrow(
          () -> new NotFoundException("no remote named '" + name + "' (datafs remote list shows them)"));
    }
    return all.stream().filter(Effective::isDefault).findFirst().orElseThrow(() -> new NotFoundException(
        "no remote to use: add one with `datafs remote add origin URL` or name one with --remote"));
  }

  /** The default remote, if there is one, without failing when none is configured. */
  public static Optional<Effective> defaultRemote(Session session) {
    return RemoteConfig.load(session.repo().layout().config()).defaultRemote(session.remoteEnv(), session.cwd());
  }

  public static Remote open(Session session, Effective r) {
    return Remotes.load().open(r.entry().url(), new RemoteOptions(r.entry().endpoint(), session.remoteEnv()));
  }

  /** How the local index remembers where remote-only packs are. */
  public static RemoteRef ref(Effective r) {
    return new RemoteRef(r.entry().url(), r.entry().endpoint());
  }

  /** A version, and the remote its metadata was just fetched from (null when the store had it). */
  public record Found(Version version, RemoteRef fetchedFrom) {}

  /**
   * The version {@code address} names here; else its metadata from {@code remoteName}, or from the first configured
   * remote that holds it ({@link RemoteSearch}: the default first), as {@code pull --metadata-only} (content comes when
   * read), saying so on {@code note}.
   */
  public static Found resolveOrFetch(Session session, String address, String remoteName, PrintStream note) {
    return resolveOrFetch(session, address, remoteName, note, false);
  }

  /**
   * {@link #resolveOrFetch}; {@code lazily} (a read-only mount), from a remote that holds the version's located tree,
   * fetches its root only: the rest comes a directory at a time as it is read.
   */
  public static Found resolveOrFetch(Session session, String address, String remoteName, PrintStream note,
                                     boolean lazily) {
    NotFoundException missing;
    try {
      return new Found(session.repo().resolve(address), null);
    } catch (NotFoundException e) {
      missing = e;
    }
    if (session.offline()) {
      Optional<Effective> first = remoteName != null ? Optional.of(choose(session, remoteName))
          : defaultRemote(session);
      if (first.isEmpty()) throw missing;
      throw new NotFoundException(missing.getMessage() + " here; offline, so remote " + label(first.get())
          + " was not asked");
    }
    Effective r;
    if (remoteName != null) {
      r = choose(session, remoteName);
    } else {
      RemoteSearch.Hit hit;
      try {
        hit = RemoteSearch.find(session, address).orElseThrow(() -> missing);
      } catch (NotFoundException nowhere) {
        if (nowhere == missing) throw missing;
        throw new NotFoundException(missing.getMessage() + "; " + nowhere.getMessage());
      }
      r = hit.remote();
      if (!hit.passed().isEmpty()) note.println(hit.describe(address));
    }
    session.daemon().useRemoteEnvironment(ref(r), session.remoteEnv());
    Puller.Result pulled;
    try (Remote remote = open(session, r)) {
      LazyFetch.Result lazy = lazily ? session.repo().sync().fetchLazily(remote, ref(r), address) : null;
      if (lazy != null) {
        note.println("fetched the metadata of " + lazy.target().label() + " from " + label(r) + ": its root only ("
            + lazy.rootBytes() + " bytes); the rest comes a directory at a time as it is read");
        return new Found(lazy.target(), ref(r));
      }
      pulled = session.repo().sync().pull(remote, ref(r), address, true, TransferProgress.NONE);
    }
    note.println(PullCommand.describe(pulled, label(r), true));
    return new Found(pulled.target(), ref(r));
  }

  /** "origin (s3://bucket/p)": how messages name a remote. */
  public static String label(Effective r) {
    return r.entry().name() + " (" + r.entry().url() + ")";
  }
}
