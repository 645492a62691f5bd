package io.datafs.core.ingest;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.store.WriteSession;
import io.datafs.core.tree.DirectoryCursor;
import io.datafs.core.tree.Names;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeBuilder;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Totals;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Builds the tree of a folder as a new version. One thread walks directories in name order; regular files
 * are ingested on a pool (hash, chunk, compress in parallel) in batches, with a bounded window of files in
 * flight, and their entries go into each directory's {@link TreeBuilder} in order. Batches append their small
 * files' chunks in the order they were made, so small files of one directory land in the pack in name order.
 * Entries unchanged since the base version keep their {@code changedIn}.
 */
public final class FolderImporter {
  /** Files in flight per directory: enough to keep the pool busy, few enough to bound memory. */
  private static final int WINDOW = 256;
  /** Small files go to the pool in batches, so that a million tiny files do not cost a million hand-offs. */
  private static final int BATCH_FILES = 64;
  private static final long BATCH_BYTES = 8L << 20;

  private final PageStore pages;
  private final PageStore basePages;
  private final FileIngester files;
  private final ExecutorService pool;
  private final ImportProgress progress;
  private final long number;
  private final WriteSession session;
  private List<Work> batch = new ArrayList<>();
  private long batchBytes;
  private long batches; // batches handed to the pool: the next one's number

  /** A directory's page id and what lies below it. */
  public record Result(ObjectId dirId, Totals totals) {}

  private record Slot(String name, PosixFileAttributes attrs, TreeEntry base, CompletableFuture<TreeEntry> entry) {}

  /** One file's ingest, which holds its chunk in the batch's {@link WriteSession.Held} if it is small. */
  private record Work(Function<WriteSession.Held, TreeEntry> ingest, CompletableFuture<TreeEntry> entry) {}

  /**
   * @param session   where chunks and new pages go (and pending pages are read back)
   * @param basePages where the base version's pages are read
   * @param number    the number of the version being made: {@code changedIn} of what changed
   */
  public FolderImporter(WriteSession session, PageStore basePages, FileIngester files, ExecutorService pool,
                        ImportProgress progress, long number) {
    this.session = session;
    this.pages = session;
    this.basePages = basePages;
    this.files = files;
    this.pool = pool;
    this.progress = progress;
    this.number = number;
  }

  /** Imports {@code root}, comparing with the base version's root directory (null for none). */
  public Result importRoot(Path root, ObjectId baseRoot) {
    return importDir(root, "", baseRoot);
  }

  private Result importDir(Path dir, String rel, ObjectId baseDir) {
    List<String> names = sortedNames(dir, rel);
    DirectoryCursor base = new DirectoryCursor(basePages, baseDir);
    TreeBuilder builder = files.annotations() == null ? new TreeBuilder(pages)
        : new TreeBuilder(pages, files.annotations());
    Totals[] totals = {Totals.ZERO};
    Deque<Slot> window = new ArrayDeque<>();
    for (String name : names) {
      String path = rel.isEmpty() ? name : rel + "/" + name;
      Path p = dir.resolve(name);
      PosixFileAttributes a = attributes(p, path);
      TreeEntry baseEntry = base.seek(name);
      CompletableFuture<TreeEntry> entry;
      if (a.isDirectory()) {
        Result sub = importDir(p, path, baseEntry != null && baseEntry.isDir() ? baseEntry.contentId() : null);
        totals[0] = totals[0].plus(sub.totals());
        entry = CompletableFuture.completedFuture(TreeEntry.dir(name, mode(a), nanos(a), number, sub.dirId()));
      } else if (a.isSymbolicLink()) {
        String target = SymlinkCheck.target(p, path);
        entry = CompletableFuture.completedFuture(TreeEntry.symlink(name, 0777, nanos(a), number, target));
      } else if (a.isRegularFile()) {
        entry = submit(a.size(), held -> {
          FileIngester.Content c = files.ingest(p, path, a.size(), held);
          progress.fileDone(c.size());
          return TreeEntry.file(name, mode(a), c.size(), nanos(a), number, c.id(), c.chunkList());
        });
      } else {
        throw new InvalidInputException("cannot import special file (device, FIFO or socket): " + path);
      }
      window.addLast(new Slot(name, a, baseEntry, entry));
      while (window.size() > WINDOW || (!window.isEmpty() && window.peekFirst().entry().isDone())) {
        totals[0] = add(builder, window.removeFirst(), totals[0]);
      }
    }
    while (!window.isEmpty()) totals[0] = add(builder, window.removeFirst(), totals[0]);
    return new Result(builder.finish(), totals[0]);
  }

  /** Queues a file's ingest in the current batch; the batch goes to the pool when full or awaited. */
  private CompletableFuture<TreeEntry> submit(long size, Function<WriteSession.Held, TreeEntry> ingest) {
    CompletableFuture<TreeEntry> f = new CompletableFuture<>();
    batch.add(new Work(ingest, f));
    batchBytes += size;
    if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) flush();
    return f;
  }

  /**
   * Hands the batch to the pool. Its files are hashed and compressed in parallel with other batches, but their small
   * chunks are appended in batch order, and only then are their entries done: a directory's small files sit in a
   * pack in name order, so a remote reader fetches many of them with one ranged read.
   */
  private void flush() {
    if (batch.isEmpty()) return;
    List<Work> work = batch;
    long seq = batches++;
    batch = new ArrayList<>();
    batchBytes = 0;
    pool.execute(() -> {
      WriteSession.Held held = new WriteSession.Held();
      List<Object> results = new ArrayList<>(work.size()); // a TreeEntry, or what the ingest threw
      for (Work w : work) {
        try {
          results.add(w.ingest().apply(held));
        } catch (Throwable t) {
          results.add(t);
        }
      }
      Throwable appendFailed = null;
      try {
        session.appendInOrder(seq, held);
      } catch (Throwable t) {
        appendFailed = t;
      }
      for (int i = 0; i < work.size(); i++) {
        Object r = appendFailed != null ? appendFailed : results.get(i);
        if (r instanceof TreeEntry e) work.get(i).entry().complete(e);
        else work.get(i).entry().completeExceptionally((Throwable) r);
      }
    });
  }

  private Totals add(TreeBuilder builder, Slot slot, Totals totals) {
    if (!slot.entry().isDone()) flush(); // never wait on work that was not handed over
    TreeEntry e = Futures.join(slot.entry(), "import");
    if (slot.base() != null && slot.base().sameAs(e)) e = e.withChangedIn(slot.base().changedIn());
    builder.add(e);
    return totals.plus(e);
  }

  private static List<String> sortedNames(Path dir, String rel) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        try {
          Names.check(name);
        } catch (InvalidInputException e) {
          throw new InvalidInputException(e.getMessage() + " (in " + (rel.isEmpty() ? "." : rel) + ")");
        }
        names.add(name);
      }
    } catch (AccessDeniedException e) {
      throw new InvalidInputException("cannot read directory " + (rel.isEmpty() ? "." : rel) + ": permission denied");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read directory " + (rel.isEmpty() ? "." : rel) + ": " + e.getMessage());
    }
    names.sort(Names.ORDER);
    return names;
  }

  private static PosixFileAttributes attributes(Path p, String path) {
    try {
      return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new InvalidInputException("cannot stat " + path + ": " + e.getMessage());
    }
  }

  static int mode(PosixFileAttributes a) {
    int m = 0;
    for (PosixFilePermission p : a.permissions()) m |= 1 << (8 - p.ordinal());
    return m;
  }

  static long nanos(PosixFileAttributes a) {
    return a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
  }
}
