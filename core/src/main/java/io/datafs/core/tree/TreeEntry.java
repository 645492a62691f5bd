package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.util.Objects;

/**
 * One entry of a directory.
 *
 * @param name       validated by {@link Names#check}
 * @param mode       permission bits (07777 mask), e.g. 0644 or 0755
 * @param size       file: content length; dir: 0; symlink: target length in UTF-8 bytes
 * @param mtimeNanos modification time, nanoseconds since the epoch
 * @param changedIn  number of the version that last changed this entry (its content, mode, mtime, or for a
 *                   directory anything below it)
 * @param contentId  file: SHA-256 of the whole content; dir: id of the directory's root page; symlink: null
 * @param chunkList  file of more than one chunk: id of its chunk-list object; otherwise null (a one-chunk file's
 *                   single chunk has the file's id; an empty file has no chunk)
 * @param target     symlink: its target; otherwise null
 */
public record TreeEntry(
    String name, EntryKind kind, int mode, long size, long mtimeNanos, long changedIn,
    ObjectId contentId, ObjectId chunkList, String target) {

  public TreeEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    switch (kind) {
      case FILE -> Objects.requireNonNull(contentId, "file content id");
      case DIR -> Objects.requireNonNull(contentId, "dir page id");
      case SYMLINK -> Objects.requireNonNull(target, "symlink target");
    }
  }

  public static TreeEntry file(String name, int mode, long size, long mtimeNanos, long changedIn, ObjectId contentId,
                               ObjectId chunkList) {
    return new TreeEntry(name, EntryKind.FILE, mode, size, mtimeNanos, changedIn, contentId, chunkList, null);
  }

  public static TreeEntry dir(String name, int mode, long mtimeNanos, long changedIn, ObjectId pageId) {
    return new TreeEntry(name, EntryKind.DIR, mode, 0, mtimeNanos, changedIn, pageId, null, null);
  }

  public static TreeEntry symlink(String name, int mode, long mtimeNanos, long changedIn, String target) {
    return new TreeEntry(name, EntryKind.SYMLINK, mode, Names.utf8Length(target), mtimeNanos, changedIn, null, null,
        target);
  }

  public boolean isDir() {
    return kind == EntryKind.DIR;
  }

  public boolean isFile() {
    return kind == EntryKind.FILE;
  }

  public boolean isSymlink() {
    return kind == EntryKind.SYMLINK;
  }

  /** The same entry as seen in a different version: everything but {@code changedIn}. */
  public boolean sameAs(TreeEntry o) {
    return o != null && name.equals(o.name) && kind == o.kind && mode == o.mode && size == o.size
        && mtimeNanos == o.mtimeNanos && Objects.equals(contentId, o.contentId)
        && Objects.equals(chunkList, o.chunkList) && Objects.equals(target, o.target);
  }


  public TreeEntry withChangedIn(long version) {
    return new TreeEntry(name, kind, mode, size, mtimeNanos, version, contentId, chunkList, target);
  }

  public TreeEntry withContent(ObjectId id) {
    return new TreeEntry(name, kind, mode, size, mtimeNanos, changedIn, id, chunkList, target);
  }
}
