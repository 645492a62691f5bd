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
 * Writes a version out as a plain folder: files, empty directories, symlinks, modes and mtimes. It builds the
 * folder under a temporary sibling name and renames it into place at the end, so a failure (a corrupt object,
 * a full disk) leaves no half-exported folder behind. Such folders a killed export left beside the target (not
 * touched for an hour, their process gone) are deleted by the next export there.
 */
final class Exporter {
  private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.datafs-export-([0-9]{1,18})");
  private final PageStore pages;
  private final FileContent content;

  Exporter(PageStore pages, FileContent content) {
    this.pages = pages;
    this.content = content;
  }

  /** Exports {@code v}; with {@code files}, only the files and links it accepts, and the directories above them. */
  void export(Version v, Path target, Predicate<String> files) {
    target = target.toAbsolutePath().normalize();
    checkTarget(target);
    Path tmp = target.resolveSibling("." + target.getFileName() + ".datafs-export-" + ProcessHandle.current().pid());
    try {
      Files.createDirectories(target.getParent());
      // a live process's folder is its export under way, however old
      Leftovers.clearStale(target.getParent(), name -> Leftovers.ofAGoneProcess(TEMP_NAME, name));
      Leftovers.deleteTree(tmp);
      Files.createDirectory(tmp);
      writeTree(v, tmp, files);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new StoreIoException("cannot export to " + target, e);
    } catch (RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  private void writeTree(Version v, Path root, Predicate<String> files) throws IOException {
    record Dir(Path path, TreeEntry entry) {}
    List<Dir> dirs = new ArrayList<>();
    IOException[] failure = {null};
    TreeWalker.walk(pages, v.rootId(), (path, e) -> {
      if (failure[0] != null) return false;
      Path p = root.resolve(path);
      if (files != null && !e.isDir() && !files.test(path)) return true;
      try {
        // a filtered export makes only the directories something chosen is in
        if (files != null && !e.isDir()) Files.createDirectories(p.getParent());
        switch (e.kind()) {
          case DIR -> {
            if (files == null) Files.createDirectory(p);
            dirs.add(new Dir(p, e));
          }
          case FILE -> {
            try (OutputStream out = Files.newOutputStream(p)) {
              content.copyTo(e, out);
            }
            Files.setPosixFilePermissions(p, permissions(e.mode()));
            Files.setLastModifiedTime(p, time(e));
          }
          case SYMLINK -> {
            Files.createSymbolicLink(p, Path.of(e.target()));
            setLinkTime(p, e);
          }
        }
      } catch (IOException ex) {
        failure[0] = ex;
        return false;
      }
      return true;
    });
    if (failure[0] != null) throw failure[0];
    // Directory modes and times last, deepest first: writing children would change them, and a read-only
    // directory could not be filled.
    for (int i = dirs.size() - 1; i >= 0; i--) {
      if (!Files.isDirectory(dirs.get(i).path(), LinkOption.NOFOLLOW_LINKS)) continue;
      Files.setPosixFilePermissions(dirs.get(i).path(), permissions(dirs.get(i).entry().mode()));
      Files.setLastModifiedTime(dirs.get(i).path(), time(dirs.get(i).entry()));
    }
  }

  private static void checkTarget(Path target) {
    if (Files.isSymbolicLink(target) || (Files.exists(target) && !Files.isDirectory(target))) {
      throw new InvalidInputException("export target exists and is not a directory: " + target);
    }
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(target)) {
        if (s.iterator().hasNext()) throw new InvalidInputException("export target is not empty: " + target);
      } catch (IOException e) {
        throw new StoreIoException("cannot read " + target, e);
      }
    }
  }

  private static void setLinkTime(Path link, TreeEntry e) {
    try {
      Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(time(e), null, null);
    } catch (IOException | UnsupportedOperationException ignored) {
      // A link's own mtime is cosmetic; some filesystems cannot set it.
    }
  }

  static FileTime time(TreeEntry e) {
    return FileTime.from(e.mtimeNanos(), TimeUnit.NANOSECONDS);
  }

  static Set<PosixFilePermission> permissions(int mode) {
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
