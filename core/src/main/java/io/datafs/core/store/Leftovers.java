package io.datafs.core.store;

import io.datafs.core.pack.Packs;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Temporary files and folders a killed process left behind (a pack being written, an object being uploaded to a
 * folder remote, an export being built), and when they may go: all of them when their owner alone uses the folder
 * and is idle, otherwise only those of datafs's own kind that no write has touched for {@link #STALE}, since a
 * writer under way keeps touching what it writes. Best effort: what cannot be deleted is logged and left.
 */
public final class Leftovers {
  private static final System.Logger LOG = System.getLogger("datafs.store");
  /** No temporary file of a write under way goes this long without a write. */
  public static final Duration STALE = Duration.ofHours(1);

  private Leftovers() {}

  /**
   * What a killed holder of the store's index left: everything in {@code packs/tmp} and the temporary files of
   * {@code cache/index} (pack indexes of remotes being saved). Only the index's holder writes there, so when it opens
   * the store nothing in them is under way.
   */
  public static void clearAtOpen(StoreLayout layout) {
    clearAll(Packs.tmpDir(layout.packs()));
    clear(layout.remoteIndexes(), name -> name.startsWith(StoreLayout.TEMPORARY_PREFIX), null);
  }

  /** Deletes everything in {@code dir} (not {@code dir} itself); returns how many entries went. */
  public static int clearAll(Path dir) {
    return clear(dir, name -> true, null);
  }

  /**
   * Deletes the entries of {@code dir} whose name {@code ours} accepts and that were last modified more than {@link
   * #STALE} ago; returns how many went.
   */
  public static int clearStale(Path dir, Predicate<String> ours) {
    return clear(dir, ours, Instant.now().minus(STALE));
  }

  /**
   * Deletes the entries of {@code dir} whose name matches {@code namedByPid}, whose first group is the id of the
   * process that made them, when that process is gone: a live one may still be writing them, however old.
   */
  public static int clearOfGoneProcesses(Path dir, Pattern namedByPid) {
    return clear(dir, name -> ofAGoneProcess(namedByPid, name), null);
  }

  /** Whether {@code name} matches {@code namedByPid} and its first group names a process that is gone. */
  public static boolean ofAGoneProcess(Pattern namedByPid, String name) {
    Matcher m = namedByPid.matcher(name);
    if (!m.matches()) return false;
    try {
      return ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    } catch (NumberFormatException notAPid) {
      return true; // digits no process can have
    }
  }

  private static int clear(Path dir, Predicate<String> ours, Instant before) {
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = s.filter(p -> ours.test(p.getFileName().toString())).toList();
    } catch (NoSuchFileException none) {
      return 0;
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot list " + dir + " for leftovers: " + e.getMessage());
      return 0;
    }
    int cleared = 0;
    for (Path p : entries) {
      try {
        if (before != null && !Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(before)) {
          continue;
        }
        deleteTree(p);
        cleared++;
      } catch (NoSuchFileException gone) {
        // deleted meanwhile
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot delete the leftover " + p + ": " + e.getMessage());
      }
    }
    if (cleared > 0) {
      LOG.log(System.Logger.Level.INFO, "deleted " + cleared + " leftover(s) of killed writes in " + dir);
    }
    return cleared;
  }

  /** Deletes a file, a link or a folder with everything in it; a read-only folder is made writable first. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        dir.toFile().setWritable(true, true);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) throw exc;
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
