package io.datafs.fs.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The inodes of a writable mount, by path, for the life of the mount: the number, and what POSIX keeps per inode
 * that a version does not (atime, ctime, the owner, a directory's mtime moved by changes of its entries). A rename
 * moves the inodes at and below the old path to the new one, so an inode keeps its number; an unlink forgets it, so a
 * new file at the same path gets a new number. The caller holds the overlay's lock.
 */
final class OverlayInodes {
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

    Inode(long ino) {
      this.ino = ino;
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

  OverlayInodes() {
    byPath.put("", new Inode(ROOT));
  }

  /** The inode at {@code rel} ("a/b", "" for the root), numbered the first time the path is seen. */
  Inode at(String rel) {
    return byPath.computeIfAbsent(rel, p -> new Inode(next++));
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
      if (i != null) byPath.put(to + p.substring(from.length()), i);
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
    below(rel).clear();
    byPath.remove(rel);
  }

  /** The paths strictly below {@code rel}: "rel/..." sorts between "rel/" and "rel0" ('0' follows '/'). */
  private SortedMap<String, Inode> below(String rel) {
    return rel.isEmpty() ? byPath.tailMap("", false) : byPath.subMap(rel + "/", rel + "0");
  }
}
