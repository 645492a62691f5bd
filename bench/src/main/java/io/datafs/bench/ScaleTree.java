package io.datafs.bench;

import io.datafs.core.repo.Change;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.Repository;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.metadata.RocksKvStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The version of the scale block, synthesised through the store's own commit path rather than from files on disk: a
 * tenth of the files in one flat directory ({@code flat/}, 1M of 10M), the rest in directories of {@value #PER_DIR}
 * named as ImageNet's are ({@code n00042/n00042_0007.jpg}); every file's content is one of {@value #CONTENTS} small
 * files imported first as dataset {@value #SEED}, so the store holds metadata for 10M entries and 18 MB of data.
 * Version 2 differs from version 1 in {@value #CHANGED} files, committed as a writable mount's would be.
 */
final class ScaleTree implements Iterator<Map.Entry<String, TreeEntry>> {
  static final String SEED = "seed";
  static final String DATASET = "scale";
  static final String FLAT = "flat";
  static final int PER_DIR = 1_000;
  static final int CONTENTS = 4_096;
  static final int CHANGED = 10;
  private static final long MTIME = 1_700_000_000_000_000_000L;

  final int dirs;
  final int flat;
  private final List<TreeEntry> contents;
  private long next;

  private ScaleTree(int dirs, int flat, List<TreeEntry> contents) {
    this.dirs = dirs;
    this.flat = flat;
    this.contents = contents;
  }

  /** The shape of a version of about {@code files} files: a tenth flat, the rest in directories of 1k. */
  static ScaleTree shape(long files) {
    int flat = (int) (files / 10);
    int dirs = (int) Math.max(1, (files - flat) / PER_DIR);
    return new ScaleTree(dirs, flat, List.of());
  }

  long files() {
    return (long) dirs * PER_DIR + flat;
  }

  /** Lines {@code find} prints over a mount of it: the root, every directory and file. */
  long findLines() {
    return 1 + dirs + 1 + files();
  }

  /** The folder of seed contents (1 to 8 KiB of random bytes each), generated once under the work dir. */
  static Path seedFolder(Path work) throws IOException {
    Path dir = work.resolve("scale-seed-" + CONTENTS);
    if (Files.exists(dir.resolve(".complete"))) return dir;
    SplittableRandom rnd = new SplittableRandom(19);
    for (int i = 0; i < CONTENTS; i++) {
      DataGen.write(dir.resolve(String.format("s%04d.bin", i)), rnd, 1024 + rnd.nextInt(7 * 1024));
    }
    Files.writeString(dir.resolve(".complete"), "");
    return dir;
  }

  /**
   * In the store at {@code home} (its daemon stopped: this JVM opens its index), holding {@value #SEED}: makes
   * {@value #DATASET} v1 of this shape and v2 with {@value #CHANGED} files changed. Returns the seconds each took.
   */
  double[] synthesise(Path home, Path work) throws IOException {
    try (Repository repo = Repository.open(home, dir -> RocksKvStore.open(dir, Duration.ofSeconds(60)))) {
      Version seed = repo.resolve(SEED);
      List<TreeEntry> seeds = new ArrayList<>();
      repo.list(seed, "", false, (p, e) -> !e.isFile() || e.size() == 0 || seeds.add(e)); // not .complete
      ScaleTree tree = new ScaleTree(dirs, flat, List.copyOf(seeds));
      ImportOptions options = new ImportOptions("bench", "bench", Map.of());
      long start = System.nanoTime();
      repo.assemble(new DatasetName(DATASET), options, tree);
      double assembled = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      repo.commit(new DatasetName(DATASET), 1, changes(work), options);
      return new double[] {assembled, (System.nanoTime() - start) / 1e9};
    }
  }

  /** New content for {@value #CHANGED} files spread over the directories and the flat one. */
  private TreeMap<String, Change> changes(Path work) throws IOException {
    TreeMap<String, Change> changes = new TreeMap<>();
    Path dir = Files.createDirectories(work.resolve("scale-changes"));
    for (int k = 0; k < CHANGED; k++) {
      long i = k < CHANGED / 2 ? (long) k * flat / (CHANGED / 2) + 7
          : flat + (long) ((k - CHANGED / 2) * dirs / (CHANGED / 2)) * PER_DIR + PER_DIR / 2;
      Path content = dir.resolve("c" + k);
      Files.writeString(content, "changed " + k + " at " + System.nanoTime() + "\n");
      changes.put(path(i), new Change.PutFile(content, 0644, MTIME));
    }
    return changes;
  }

  @Override
  public boolean hasNext() {
    return next < files();
  }

  @Override
  public Map.Entry<String, TreeEntry> next() {
    if (!hasNext()) throw new NoSuchElementException();
    long i = next++;
    String path = path(i);
    TreeEntry c = contents.get((int) Long.remainderUnsigned(i * 0x9E3779B97F4A7C15L, contents.size()));
    TreeEntry e = TreeEntry.file(path.substring(path.lastIndexOf('/') + 1), 0644, c.size(), MTIME + i * 1000, 1,
        c.contentId(), c.chunkList());
    return Map.entry(path, e);
  }

  /** The path of file {@code i}, in path order: the flat directory's files first ("flat" < "n..."), then the rest. */
  String path(long i) {
    if (i < flat) return FLAT + "/" + pad("img", i, 7) + ".jpg";
    long d = (i - flat) / PER_DIR;
    String dir = pad("n", d, 5);
    return dir + "/" + dir + pad("_", (i - flat) % PER_DIR, 4) + ".jpg";
  }

  private static String pad(String prefix, long n, int width) {
    String digits = Long.toString(n);
    return prefix + "0".repeat(Math.max(0, width - digits.length())) + digits;
  }
}
