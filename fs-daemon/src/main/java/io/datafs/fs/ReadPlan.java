package io.datafs.fs;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.id.ObjectId;
import io.datafs.core.repo.VersionReader;
import io.datafs.core.tree.TreeEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A reader-supplied order of the files of a mount (asked for as {@value #XATTR}{@code =LISTING} of its root, LISTING
 * the path of a file listing them, one a line, as the epoch's sampler will open them): fetched in that order, bounded
 * ahead of the reader, on a thread of its own. A shuffled order defeats every window in pack order, and the warm-up
 * of the whole version needs it to fit a quarter of the cache; a plan serves a version of any size, and a node that
 * reads only its shard of an epoch.
 *
 * <p>A plan whose bytes fit in a quarter of the cache is fetched whole at once, in pack order, by large ranged reads
 * (as the warm-up does). A larger one is followed in its order. The reader's place is the count of the plan's files
 * opened so far (a loader's workers open them about in plan order, a few batches apart). The follower keeps at most
 * {@link #AHEAD_FILES} files and {@link #AHEAD_BYTES} bytes (less when a quarter of the cache is less) fetched ahead
 * of that place, by batches of neighbours in the plan handed to {@link VersionReader#follow}: spans claimed as a
 * fetch thread is free for them, so a read that overtakes the follower fetches its own file rather than wait behind
 * the rest of the batch, and the follower then skips it.
 */
final class ReadPlan implements AutoCloseable {
  static final String XATTR = "user.datafs.readplan";
  static final int AHEAD_FILES = 1_024;
  static final long AHEAD_BYTES = 256L << 20;
  /** Lines a listing may have: the plan's paths and entries are held in memory while it is followed. */
  static final int MAX_FILES = 10_000_000;
  private static final int BATCH_FILES = 32;
  private static final long BATCH_BYTES = 4L << 20;
  /** Chunks handed to one warm-up call when the plan is fetched in pack order: its memory stays bounded. */
  private static final int PACK_ORDER_BATCH = 65_536;
  private static final System.Logger LOG = System.getLogger("datafs.remote");

  private final String label;
  private final Path listing;
  private final String stamp; // the listing's size and mtime when it was read
  private final List<TreeEntry> files;
  private final Set<String> listed; // the plan's paths, as the kernel names them on open
  private final long[] ends; // ends[i]: the bytes of the plan's first i files
  private final long aheadBytes;
  private final Object progress = new Object();
  private int opened; // under progress: the plan's files opened so far
  private boolean idle; // under progress: the follower waits for the reader to open more
  private volatile int fetchedTo; // the files before it are cached (or their fetch failed, left to their reads)
  private volatile boolean closed;
  private final Thread follower;

  private ReadPlan(VersionReader reader, String label, Path listing, String stamp, List<String> paths,
      List<TreeEntry> files) {
    this.label = label;
    this.listing = listing;
    this.stamp = stamp;
    this.files = files;
    this.listed = new HashSet<>(paths);
    this.ends = new long[files.size() + 1];
    for (int i = 0; i < files.size(); i++) ends[i + 1] = ends[i] + files.get(i).size();
    this.aheadBytes = Math.max(1, Math.min(AHEAD_BYTES, reader.prefetchBudget()));
    this.follower = new Thread(() -> follow(reader), "datafs-readplan");
    follower.setDaemon(true);
  }

  /**
   * Reads the listing at {@code value} (an absolute path; each line a path of the version, relative to the mount's
   * root, a leading "/" allowed; blank lines skipped) and resolves each to its file with {@code resolve}, which
   * follows symlinks and answers null for a path that names no regular file of the version. Any fault is an EINVAL
   * whose message says which line; nothing is started then. The plan starts following once {@link #start}ed.
   */
  static ReadPlan load(VersionReader reader, String value, Function<String, Located> resolve) {
    String label = reader.version().label();
    if (value.isEmpty() || value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || !value.startsWith("/")) {
      throw refused("its value must be the absolute path of a file listing the version's files, one a line");
    }
    Path listing = Path.of(value);
    String stamp = stamp(listing);
    List<String> paths = new ArrayList<>();
    List<TreeEntry> files = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(listing, StandardCharsets.UTF_8)) {
      int lineNumber = 0;
      for (String line; (line = in.readLine()) != null; ) {
        lineNumber++;
        if (line.isBlank()) continue;
        if (files.size() == MAX_FILES) throw refused(listing + " lists more than " + MAX_FILES + " files");
        String path = canonical(line);
        Located file = path == null ? null : resolve.apply(path);
        if (file == null) {
          throw refused(listing + " line " + lineNumber + ": " + line + " is not a file of " + label);
        }
        paths.add(file.path());
        files.add(file.entry());
      }
    } catch (CharacterCodingException e) {
      throw refused(listing + " is not UTF-8 text");
    } catch (IOException e) {
      throw refused("cannot read " + listing + ": " + describe(e));
    }
    if (files.isEmpty()) throw refused(listing + " lists no file");
    return new ReadPlan(reader, label, listing, stamp, paths, files);
  }

  /** Whether this plan was read from {@code value}'s listing as it is now (not rewritten since). */
  boolean isFrom(String value) {
    return listing.toString().equals(value) && stamp.equals(stamp(listing));
  }

  /** The answer to the request that set this plan: the same each time, as a client may ask twice. */
  String started() {
    return "following " + listing + ": " + files.size() + " files";
  }

  private static String stamp(Path listing) {
    try {
      var a = Files.readAttributes(listing, java.nio.file.attribute.BasicFileAttributes.class);
      return a.size() + "@" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (IOException e) {
      return "unreadable";
    }
  }

  void start() {
    LOG.log(System.Logger.Level.INFO, label + ": following the read plan " + listing + " (" + files.size()
        + " files, " + (ends[files.size()] >> 20) + " MiB)");
    follower.start();
  }

  /** A file at {@code path} was opened from its start: whether the plan lists it (and so fetches it ahead). */
  boolean opened(String path) {
    if (!listed.contains(path)) return false;
    synchronized (progress) {
      opened++;
      idle = false;
      progress.notifyAll();
    }
    return true;
  }

  /** What {@code getfattr} shows on the root: the listing, its size, and how far reader and follower are. */
  String status() {
    int read;
    synchronized (progress) {
      read = opened;
    }
    return "following " + listing + ": " + files.size() + " files, " + Math.min(read, files.size()) + " opened, "
        + fetchedTo + " fetched";
  }

  private void follow(VersionReader reader) {
    if (ends[files.size()] <= reader.prefetchBudget()) {
      fetchInPackOrder(reader);
      return;
    }
    int next = 0;
    while (next < files.size() && !closed) {
      int at = awaitRoom(next);
      if (at < 0) return;
      int end = next;
      long bytes = 0;
      List<ObjectId> batch = new ArrayList<>();
      while (end < files.size() && end - next < BATCH_FILES && bytes < BATCH_BYTES
          && (end == next || end - at < AHEAD_FILES && ends[end] - ends[at] < aheadBytes)) {
        TreeEntry e = files.get(end++);
        bytes += e.size();
        try {
          for (ChunkRef c : reader.chunks(e)) batch.add(c.id());
        } catch (RuntimeException ex) {
          // its read reports it
        }
      }
      try {
        reader.follow(batch);
      } catch (RuntimeException ex) {
        // a plan is only a guess at what comes: the reads themselves fetch and report what fails
      }
      fetchedTo = end;
      next = end;
    }
  }

  /**
   * A plan whose bytes fit in a quarter of the cache is fetched whole, at once, in pack order by the warm-up's large
   * ranged reads ({@link VersionReader#warm}): one request per file of a shuffled plan costs a server far more than
   * streaming what the plan reads this epoch anyway. Reads that come before their pack fetch their own file.
   */
  private void fetchInPackOrder(VersionReader reader) {
    List<ObjectId> batch = new ArrayList<>();
    for (int i = 0; i < files.size() && !closed; i++) {
      try {
        for (ChunkRef c : reader.chunks(files.get(i))) batch.add(c.id());
      } catch (RuntimeException ex) {
        // its read reports it
      }
      if (batch.size() >= PACK_ORDER_BATCH || i == files.size() - 1) {
        try {
          reader.warm(batch);
        } catch (RuntimeException ex) {
          // left to the reads, as above
        }
        batch.clear();
        fetchedTo = i + 1;
      }
    }
  }

  /** Waits until file {@code next} is within the bounds ahead of the reader: its place then; -1 once closed. */
  private int awaitRoom(int next) {
    synchronized (progress) {
      while (!closed) {
        int at = Math.min(opened, files.size());
        if (next - at < AHEAD_FILES && ends[next] - ends[at] < aheadBytes) {
          idle = false;
          return at;
        }
        idle = true;
        progress.notifyAll();
        try {
          progress.wait(100);
        } catch (InterruptedException e) {
          return -1;
        }
      }
      return -1;
    }
  }

  /** Waits until the follower has fetched all it may before the reader opens more (or all): for tests. */
  void awaitFollowed() throws InterruptedException {
    synchronized (progress) {
      while (follower.isAlive() && !idle) progress.wait(10);
    }
    if (!idle) follower.join();
  }

  @Override
  public void close() {
    closed = true;
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** A regular file of the version and its path, as the kernel names it to the daemon when it is opened. */
  record Located(String path, TreeEntry entry) {}

  /** "/a/b" for "a/b", "./a//b", "/a/c/../b" or "/a/b/": as the kernel names the file; null above the root. */
  static String canonical(String line) {
    java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>();
    for (String name : line.split("/")) {
      if (name.isEmpty() || name.equals(".")) continue;
      if (!name.equals("..")) {
        names.addLast(name);
      } else if (names.pollLast() == null) {
        return null;
      }
    }
    return "/" + String.join("/", names);
  }

  private static FsException refused(String why) {
    return new FsException(Errno.EINVAL, "read plan refused: " + why);
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
