package io.datafs.core.repo;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.sync.Puller;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeDiff;
import io.datafs.core.version.Catalog;
import io.datafs.core.version.CatalogRewind;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * {@code pull --rebase}: the versions of a dataset this store made after the last one it shares with a remote are
 * replayed after the remote's head, as a commit replays a writable mount's changes when another store took its number
 * ({@link Committer}). First, reading the remote only, the paths the local versions changed are checked against those
 * the remote's changed since the shared version: one both changed stops it, naming the paths, with nothing changed.
 * Then the local versions leave the index ({@link CatalogRewind}; their trees and content stay in the packs), the
 * remote's are pulled (a failure publishes the local ones back), and each local version is made again on top, with its
 * message, author, metadata and tags, as the difference it made to the one before it. The caller holds the dataset's
 * lock.
 */
public final class Rebaser {
  /**
   * What a rebase did: the pull (null when the remote had nothing after the shared version), the local versions it
   * replayed and the versions they became, and notes (a tag another version took meanwhile).
   */
  public record Result(Puller.Result pulled, List<Version> replayed, List<Version> made, List<String> notes) {}

  private final Catalog catalog;
  private final PageStore local;
  private final VersionMaker maker;

  Rebaser(Catalog catalog, PageStore local, VersionMaker maker) {
    this.catalog = catalog;
    this.local = local;
    this.maker = maker;
  }

  /**
   * Rebases {@code ds} onto the head {@code browser} reads; {@code pull} pulls that head into this store, and
   * {@code guard} is told the first number that would be replayed before anything changes (it may refuse by throwing).
   */
  Result run(RemoteBrowser browser, String remoteLabel, DatasetName ds, Supplier<Puller.Result> pull,
             LongConsumer guard) {
    RemoteCatalog theirs = browser.catalog();
    long head = browser.initialised() ? theirs.head(ds) : 0;
    if (head == 0) throw new NotFoundException("remote " + remoteLabel + " has no dataset named '" + ds + "'");
    List<Version> remote = theirs.versions(ds, head);
    List<Version> mine = catalog.versions(ds);
    int shared = 0;
    while (shared < mine.size() && shared < remote.size() && mine.get(shared).id().equals(remote.get(shared).id())) {
      shared++;
    }
    List<Version> ours = List.copyOf(mine.subList(shared, mine.size()));
    if (ours.isEmpty()) return new Result(pull.get(), List.of(), List.of(), List.of());
    if (shared == remote.size()) return new Result(null, ours, List.of(), List.of());
    if (shared == 0) {
      throw new ConflictException(ds + " here and on " + remoteLabel + " share no version: there is nothing to"
          + " rebase " + span(ours) + " onto");
    }
    Version base = mine.get(shared - 1);
    Version theirHead = remote.get(remote.size() - 1);
    String what = "cannot rebase " + span(ours) + " onto " + remoteLabel + "'s " + theirHead.label();
    checkNoCollision(browser.pages(), base, ours.get(ours.size() - 1), theirHead, what);

    guard.accept(shared + 1);
    CatalogRewind rewind = new CatalogRewind(catalog);
    List<CatalogRewind.Dropped> dropped = rewind.dropAfter(ds, shared);
    Puller.Result pulled;
    try {
      pulled = pull.get();
    } catch (RuntimeException | Error e) {
      rewind.restore(dropped);
      throw e;
    }
    return replay(ds, base, dropped, pulled);
  }

  private Result replay(DatasetName ds, Version base, List<CatalogRewind.Dropped> dropped, Puller.Result pulled) {
    List<Version> replayed = new ArrayList<>();
    List<Version> made = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Version before = base;
    for (CatalogRewind.Dropped d : dropped) {
      Version old = d.version();
      SortedMap<String, Change> changes = changes(local, before.rootId(), old.rootId());
      ImportOptions options = new ImportOptions(old.record().message(), old.record().author(),
          old.record().metadata());
      Version now;
      try {
        now = maker.make(ds, options, null, PublishHook.NONE, (session, files, pool, head, number) ->
            new Committer(session, session, files, pool).apply(head, changes, number)).version();
      } catch (RuntimeException e) {
        throw new DatafsException("the rebase stopped at " + old.label() + " (" + old.id().hex() + "): "
            + e.getMessage() + "; it and the versions after it are out of the index, their trees kept in the store",
            e);
      }
      for (String t : d.tags()) {
        try {
          if (TagName.isValid(t)) catalog.tag(now, new TagName(t));
        } catch (ConflictException taken) {
          notes.add("the tag " + ds + "@" + t + " of " + old.label() + " is not moved to " + now.label() + ": "
              + taken.getMessage());
        }
      }
      replayed.add(old);
      made.add(now);
      before = old;
    }
    return new Result(pulled, replayed, made, notes);
  }

  /** Refuses, naming the paths, when the remote changed a path since {@code base} that the local versions changed. */
  private static void checkNoCollision(PageStore pages, Version base, Version ourHead, Version theirHead,
                                       String what) {
    NavigableSet<String> ours = new TreeSet<>(changes(pages, base.rootId(), ourHead.rootId()).keySet());
    List<String> both = new ArrayList<>();
    TreeDiff.diff(pages, base.rootId(), theirHead.rootId(), (path, x, y) -> {
      if (overlapsAny(ours, path)) both.add(path);
    });
    if (!both.isEmpty()) {
      throw new ConflictException(what + ": changed both here and there: " + String.join(", ", both)
          + "; nothing changed");
    }
  }

  /** Whether {@code path}, a path above it or one below it is in {@code paths}. */
  static boolean overlapsAny(NavigableSet<String> paths, String path) {
    for (String p = path; ; p = p.substring(0, p.lastIndexOf('/'))) {
      if (paths.contains(p)) return true;
      if (p.indexOf('/') < 0) break;
    }
    String below = paths.ceiling(path + "/");
    return below != null && below.startsWith(path + "/");
  }

  /**
   * What turns tree {@code from} into {@code to}, as a writable mount would stage it: an added or removed entry is
   * put or deleted whole (a directory with everything below), a changed file or link put as it is, a directory whose
   * own attributes changed keeps its content with the new mode and mtime.
   */
  static SortedMap<String, Change> changes(PageStore pages, ObjectId from, ObjectId to) {
    SortedMap<String, Change> out = new TreeMap<>();
    String[] whole = {null}; // a directory put or deleted whole: what the diff reports below it is in it already
    TreeDiff.diff(pages, from, to, (path, x, y) -> {
      if (whole[0] != null && path.startsWith(whole[0] + "/")) return;
      if (y == null) {
        out.put(path, new Change.Delete());
        if (x.isDir()) whole[0] = path;
      } else if (x == null) {
        out.put(path, new Change.PutEntry(y));
        if (y.isDir()) whole[0] = path;
      } else if (y.isDir()) {
        out.put(path, new Change.PutDir(y.mode(), y.mtimeNanos()));
      } else {
        out.put(path, new Change.PutEntry(y));
      }
    });
    return out;
  }

  /** "cats@v4" or "cats@v4..v6". */
  public static String span(List<Version> versions) {
    Version first = versions.get(0);
    return first.label() + (versions.size() == 1 ? "" : "..v" + versions.get(versions.size() - 1).record().number());
  }
}
