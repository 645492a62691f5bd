package io.datafs.core.repo;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.store.FileContent;
import io.datafs.core.store.Leftovers;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.tree.TreeWalker;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Writes a version, a directory of it or one file out as plain files: files, empty directories, symlinks, modes and
 * mtimes. It builds the output under a temporary sibling name and renames it into place at the end, so a failure (a
 * corrupt object, a full disk, an unreachable remote) leaves nothing half-written behind. Such leftovers a killed
 * export left beside the target (not touched for an hour, their process gone) are deleted by the next export there.
 * File content comes from a {@link ContentWriter}: this store's ({@link #local}), or a remote's as it arrives.
 */
public final class Exporter {
  /** How file content reaches the disk. */
  public interface ContentWriter {
    /**
     * Writes the content of {@code e}, at {@code path} below what is exported, to {@code file} (which does not exist
     * yet) and then its mode and mtime ({@link #setAttributes}), now or before {@link #finish} returns.
     */
    void write(String path, TreeEntry e, Path file) throws IOException;

    /** Returns once every file asked for is written. */
    default void finish() throws IOException {}
  }

  private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.datafs-export-([0-9]{1,18})");
  private final PageStore pages;
  private final ContentWriter content;

  public Exporter(PageStore pages, ContentWriter content) {
    this.pages = pages;
    this.content = content;
  }

  /** Content read from this store, each file checked against its id. */
  static ContentWriter local(FileContent content) {
    return (path, e, file) -> {
      try (OutputStream out = Files.newOutputStream(file)) {
        content.copyTo(e, out);
      }
      setAttributes(file, e);
    };
  }

  /** Exports {@code v}; with {@code files}, only the files and links it accepts, and the directories above them. */
  void export(Version v, Path target, Predicate<String> files) {
    export(TreeEntry.dir("", 0755, 0, v.record().number(), v.rootId()), target, files);
  }

  /**
   * Writes {@code top} out as {@code target}: a directory's entries (with {@code files}, only the files and links it
   * accepts, by their paths below {@code top}), into a folder that must not exist or be empty; or one file or
   * symlink, whose {@code target} must not exist.
   */
  public void export(TreeEntry top, Path target, Predicate<String> files) {
    target = target.toAbsolutePath().normalize();
    checkTarget(target, top.isDir());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".datafs-export-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(target.getParent());
      // a live process's folder is its export under way, however old
      Leftovers.clearStale(target.getParent(), name -> Leftovers.ofAGoneProcess(TEMP_NAME, name));
      Leftovers.deleteTree(tmp);
      List<Dir> dirs = new ArrayList<>();
      if (top.isDir()) {
        Files.createDirectory(tmp);
        writeTree(top, tmp, files, dirs);
      } else {
        write(top.name(), top, tmp);
      }
      content.finish();
      // Directory modes and times last, deepest first: writing children would change them, and a read-only
      // directory could not be filled.
      for (int i = dirs.size() - 1; i >= 0; i--) {
        if (!Files.isDirectory(dirs.get(i).path(), LinkOption.NOFOLLOW_LINKS)) continue;
        setAttributes(dirs.get(i).path(), dirs.get(i).entry());
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new StoreIoException("cannot export to " + target, e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private record Dir(Path path, TreeEntry entry) {}

  private void writeTree(TreeEntry top, Path root, Predicate<String> files, List<Dir> dirs) throws IOException {
    IOException[] failure = {null};
    TreeWalker.walk(pages, top.contentId(), (path, e) -> {
      if (failure[0] != null) return false;
      Path p = root.resolve(path);
      if (files != null && !e.isDir() && !files.test(path)) return true;
      try {
        // a filtered export makes only the directories something chosen is in
        if (files != null && !e.isDir()) Files.createDirectories(p.getParent());
        if (e.isDir()) {
          if (files == null) Files.createDirectory(p);
          dirs.add(new Dir(p, e));
        } else {
          write(path, e, p);
        }
      } catch (IOException ex) {
        failure[0] = ex;
        return false;
      }
      return true;
    });
    if (failure[0] != null) throw failure[0];
  }

  private void write(String path, TreeEntry e, Path p) throws IOException {
    if (e.isFile()) {
      content.write(path, e, p);
    } else {
      Files.createSymbolicLink(p, Path.of(e.target()));
      setLinkTime(p, e);
    }
  }

  private static void checkTarget(Path target, boolean folder) {
    if (!folder) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new InvalidInputException("target exists: " + target);
      return;
    }
    if (Files.isSymbolicLink(target) || (Files.exists(target) && !Files.isDirectory(target))) {
      throw new InvalidInputException("target exists and is not a directory: " + target);
    }
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(target)) {
        if (s.iterator().hasNext()) throw new InvalidInputException("target folder is not empty: " + target);
      } catch (IOException e) {
        throw new StoreIoException("cannot read " + target, e);
      }
    }
  }

  /** Gives a written file or directory the mode and mtime of its entry. */
  public static void setAttributes(Path p, TreeEntry e) throws IOException {
    Files.setPosixFilePermissions(p, permissions(e.mode()));
    Files.setLastModifiedTime(p, time(e));
  }

  private static void setLinkTime(Path link, TreeEntry e) {
    try {
      Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(time(e), null, null);
    } catch (IOException | UnsupportedOperationException ignored) {
      // A link's own mtime is cosmetic; some filesystems cannot set it.
    }
  }

  private static FileTime time(TreeEntry e) {
    return FileTime.from(e.mtimeNanos(), TimeUnit.NANOSECONDS);
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) s.add(p);
    }
    return s;
  }

  private static void deleteQuietly(Path p) {
    try {
      Leftovers.deleteTree(p);
    } catch (IOException | DatafsException ignored) {
      // best effort: the temp name is unique to this process and reused next time
    }
  }
}
