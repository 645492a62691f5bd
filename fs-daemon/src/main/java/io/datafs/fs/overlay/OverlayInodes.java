package io.datafs.fs.overlay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The inodes of a writable mount, by path, for the life of the mount: the number, and what POSIX keeps per inode
 * that a version does not (atime, ctime, the owner, a directory's mtime moved by changes of its entries). A rename
 * moves the inodes at and below the old path to the new one, so an inode keeps its number; an unlink forgets it, so a
 * new file at the same path gets a new number. What must outlive a daemon restart ({@link Kept}: an atime set by
 * utimensat, an owner other than the daemon's) is saved in the overlay's rows ({@link #drainUnsaved}, {@link
 * #restore}); the rest starts again from the version. The caller holds the overlay's lock.
 */
final class OverlayInodes {
  /** What a restart restores of one inode: the atime utimensat set (null: none), the owner (-1: the daemon's). */
  record Kept(Long atimeNanos, long uid, long gid) {}

  /** One inode; its times are null until something sets them, and then read instead of the mtime. */
  static final class Inode {
    final long ino;
    volatile Long atimeNanos;
    volatile Long ctimeNanos;
    /** A directory's mtime set by a change of its entries; a utimens of it drops this. */
    volatile Long entriesChangedNanos;
    /** The creating user and group (-1: the daemon's, as for everything the version holds). */
    volatile long uid = -1;
    volatile long gid = -1;
    /** Whether utimensat set the atime (kept across a restart), rather than the creation. */
    volatile boolean atimeSet;

    Inode(long ino) {
      this.ino = ino;
    }

    /** What a restart must find again; null when nothing. */
    Kept kept() {
      return atimeSet || uid >= 0 || gid >= 0 ? new Kept(atimeSet ? atimeNanos : null, uid, gid) : null;
    }

    /** Its status changed (mode, owner, times, content, links, name): ctime is now. */
    void changed() {
      ctimeNanos = Staging.now();
    }

    /** An entry was made, removed or renamed in this directory: its mtime and ctime are now. */
    void entriesChanged() {
      long now = Staging.now();
      entriesChangedNanos = now;
      ctimeNanos = now;
    }
  }

  private static final long ROOT = 1;

  private final TreeMap<String, Inode> byPath = new TreeMap<>();
  private long next = ROOT + 1;
  /** Paths with a row of {@link Kept} facts in the store. */
  private final Set<String> saved = new HashSet<>();
  /** Paths whose row must be written or deleted: what {@link #drainUnsaved} hands out next. */
  private final Set<String> unsaved = new HashSet<>();

  OverlayInodes() {
    byPath.put("", new Inode(ROOT));
  }

  /** The inode at {@code rel} ("a/b", "" for the root), numbered the first time the path is seen. */
  Inode at(String rel) {
    return byPath.computeIfAbsent(rel, p -> new Inode(next++));
  }

  /** utimensat's atime, kept across a restart. */
  void setAtime(String rel, long nanos) {
    Inode i = at(rel);
    i.atimeNanos = nanos;
    i.atimeSet = true;
    unsaved.add(rel);
  }

  /** The owner of {@code rel} (-1: the daemon's user or group), kept across a restart. */
  void setOwner(String rel, long uid, long gid) {
    Inode i = at(rel);
    i.uid = uid;
    i.gid = gid;
    unsaved.add(rel);
  }

  /**
   * The {@link Kept} facts of the paths changed since the last call, null for a path whose row goes; from then on
   * those rows are taken as written (the caller writes them in the batch of the change).
   */
  Map<String, Kept> drainUnsaved() {
    Map<String, Kept> out = new HashMap<>();
    for (String p : unsaved) {
      Inode i = byPath.get(p);
      Kept k = i == null ? null : i.kept();
      if (k != null) out.put(p, k);
      else if (saved.contains(p)) out.put(p, null);
      if (k != null) saved.add(p);
      else saved.remove(p);
    }
    unsaved.clear();
    return out;
  }

  /** Whether some path's row is to be written or deleted. */
  boolean hasUnsaved() {
    return !unsaved.isEmpty();
  }

  /** After a restart: the facts the overlay's rows kept, by path. */
  void restore(Map<String, Kept> rows) {
    rows.forEach((p, k) -> {
      Inode i = at(p);
      if (k.atimeNanos() != null) {
        i.atimeNanos = k.atimeNanos();
        i.atimeSet = true;
      }
      i.uid = k.uid();
      i.gid = k.gid();
      saved.add(p);
    });
  }

  /** A new file, directory or symlink at {@code rel}: a fresh inode, its times now, owned by its creator. */
  Inode created(String rel, long uid, long gid) {
    Inode i = new Inode(next++);
    long now = Staging.now();
    i.atimeNanos = now;
    i.ctimeNanos = now;
    i.uid = uid;
    i.gid = gid;
    byPath.put(rel, i);
    unsaved.add(rel); // a row of what was here before goes
    at(Delta.parent(rel)).entriesChanged();
    return i;
  }

  /** rename(2): the inodes at and below {@code from} go to {@code to}; what was at {@code to} is forgotten. */
  void moved(String from, String to) {
    forget(to);
    List<String> paths = new ArrayList<>(below(from).keySet());
    paths.add(from);
    for (String p : paths) {
      Inode i = byPath.remove(p);
      if (i == null) continue;
      String now = to + p.substring(from.length());
      byPath.put(now, i);
      unsaved.add(p);
      unsaved.add(now);
    }
    at(to).changed();
    at(Delta.parent(from)).entriesChanged();
    at(Delta.parent(to)).entriesChanged();
  }

  /** unlink(2), rmdir(2): the path is forgotten; its inode (kept by open handles) has one link less. */
  Inode removed(String rel) {
    Inode i = at(rel);
    forget(rel);
    i.changed();
    at(Delta.parent(rel)).entriesChanged();
    return i;
  }

  private void forget(String rel) {
    SortedMap<String, Inode> below = below(rel);
    for (String p : below.keySet()) if (saved.contains(p)) unsaved.add(p);
    below.clear();
    byPath.remove(rel);
    unsaved.add(rel);
  }

  /** The paths strictly below {@code rel}: "rel/..." sorts between "rel/" and "rel0" ('0' follows '/'). */
  private SortedMap<String, Inode> below(String rel) {
    return rel.isEmpty() ? byPath.tailMap("", false) : byPath.subMap(rel + "/", rel + "0");
  }
}
