package io.datafs.core.sync;

import io.datafs.core.chunk.ChunkList;
import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.ingest.SymlinkCheck;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreePaths;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the objects versions are made of: tree pages, chunk lists, chunks. A directory reached again (shared by
 * versions, or copied within one) is walked once.
 *
 * <p>Trees from a remote ({@code untrusted}) are also checked before anything of them is kept: each directory must
 * be the canonical page tree of its entries ({@link Directory#verify}; names were checked when its pages decoded),
 * and a symlink must not leave the dataset root, which depends on where it sits, so there a directory is walked
 * once per depth.
 */
public final class TreeObjects {
  /** Sees each object as it is found; the same id may be reported more than once. */
  public interface Visitor {
    /** A tree page or a chunk list. */
    void metadata(ObjectId id);

    void chunk(ObjectId id);
  }

  private record Seen(ObjectId dir, int depth) {}

  private final PageStore pages;
  private final boolean untrusted;
  private final Predicate<ObjectId> present;
  private final Set<Seen> seen = new HashSet<>();

  public TreeObjects(PageStore pages, boolean untrusted) {
    this(pages, untrusted, id -> true);
  }

  private TreeObjects(PageStore pages, boolean untrusted, Predicate<ObjectId> present) {
    this.pages = pages;
    this.untrusted = untrusted;
    this.present = present;
  }

  /**
   * A walker of the part of trees {@code present} accepts (a lazily read version: what was fetched), skipping what is
   * not there with everything below it; for a local GC, which must keep what is here and cannot judge the rest.
   */
  public static TreeObjects ofPresent(PageStore pages, Predicate<ObjectId> present) {
    return new TreeObjects(pages, false, present);
  }

  /**
   * Walks {@code v}, skipping what changed in version {@code knownUpTo} or before (0 walks everything): whoever holds
   * version {@code knownUpTo} of the dataset holds every object of those entries.
   */
  public void walk(Version v, long knownUpTo, Visitor visitor) {
    if (v.record().number() <= knownUpTo) return;
    dir(v.rootId(), "", 0, knownUpTo, visitor, v.label());
  }

  /** Walks a whole tree that no version names (yet): a writable mount's moved directory; {@code label} names it. */
  public void walkTree(ObjectId root, String label, Visitor visitor) {
    dir(root, "", 0, 0, visitor, label);
  }

  /** Reports the objects of one file entry (its chunk list and chunks); {@code label} names where it sits. */
  public void walkFile(TreeEntry e, String label, Visitor visitor) {
    file(e, "", visitor, label);
  }

  private void dir(ObjectId dirId, String path, int depth, long knownUpTo, Visitor visitor, String v) {
    if (!seen.add(new Seen(dirId, untrusted ? depth : 0))) return;
    List<TreeEntry> subdirs = new ArrayList<>();
    Directory.walkPages(pages, dirId, present, visitor::metadata, e -> {
      if (e.changedIn() <= knownUpTo) return;
      switch (e.kind()) {
        case DIR -> subdirs.add(e);
        case FILE -> file(e, path, visitor, v);
        case SYMLINK -> {
          if (untrusted && SymlinkCheck.escapes(TreePaths.child(path, e.name()), e.target())) {
            throw new CorruptObjectException(null, v + " holds a symlink that leaves the dataset: "
                + Names.printable(TreePaths.child(path, e.name())) + " -> " + Names.printable(e.target()));
          }
        }
      }
    });
    if (untrusted) Directory.verify(pages, dirId);
    for (TreeEntry d : subdirs) dir(d.contentId(), TreePaths.child(path, d.name()), depth + 1, knownUpTo, visitor, v);
  }

  private void file(TreeEntry e, String dirPath, Visitor visitor, String v) {
    if (e.size() == 0) return;
    if (e.chunkList() == null) {
      visitor.chunk(e.contentId());
      return;
    }
    if (!present.test(e.chunkList())) return;
    visitor.metadata(e.chunkList());
    ChunkList list;
    try {
      list = ChunkList.decode(pages.get(e.chunkList()));
    } catch (IllegalArgumentException ex) {
      throw new CorruptObjectException(e.chunkList(), "chunk list of " + v + ":"
          + Names.printable(TreePaths.child(dirPath, e.name())) + " is unreadable: " + ex.getMessage());
    }
    if (list.totalLength() != e.size()) {
      throw new CorruptObjectException(e.chunkList(), "chunk list of " + v + ":"
          + Names.printable(TreePaths.child(dirPath, e.name())) + " does not add up to its size");
    }
    for (ChunkRef c : list.chunks()) visitor.chunk(c.id());
  }
}
