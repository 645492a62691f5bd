package io.datafs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The compose block's dataset, in LDB's format: {@code dNNNN/img_NNNNNNN.jpg} (8-12 KB of unique random bytes) with
 * its annotation {@code dNNNN/img_NNNNNNN.json} beside it (a few hundred bytes: class, classes, score, boxes, a
 * nested object), {@value #PER_DIR} objects a directory. One annotation in {@value #INVALID_EVERY} is cut short (not
 * valid JSON), as real exports have some. Generated once under the work dir, in parallel, one seed a directory, so
 * every run measures the same bytes whatever the thread count.
 */
final class AnnotatedData {
  static final int PER_DIR = 1_000;
  static final int INVALID_EVERY = 1_000;
  private static final String[] CLASSES = {"cats", "dogs", "birds", "cars", "people", "bikes", "boats", "trees"};
  private static final String[] SPLITS = {"train", "train", "train", "val", "test"};
  private static final String[] SITES = {"north", "south", "east", "west"};

  private AnnotatedData() {}

  /** The folder of {@code dirs} x {@value #PER_DIR} annotated objects, generated unless a complete one is there. */
  static Path folder(Path work, int dirs) throws IOException {
    Path root = work.resolve("annotated-" + dirs + "x" + PER_DIR);
    if (generated(work, dirs)) return root;
    Bench.log(String.format("generating %,d objects of 8-12 KB with a JSON annotation each, in %,d directories",
        (long) dirs * PER_DIR, dirs));
    long start = System.nanoTime();
    Files.createDirectories(root);
    IntStream.range(0, dirs).parallel().forEach(d -> directory(root, d));
    Files.writeString(completeMarker(work, dirs), "");
    Bench.log(String.format("generated in %.0f s", (System.nanoTime() - start) / 1e9));
    return root;
  }

  static boolean generated(Path work, int dirs) {
    return Files.exists(completeMarker(work, dirs));
  }

  /** Beside the folder, not in it: the folder is imported as it is. */
  private static Path completeMarker(Path work, int dirs) {
    return work.resolve("annotated-" + dirs + "x" + PER_DIR + ".complete");
  }

  /** How many annotations of {@code objects} are not valid JSON. */
  static long invalidAmong(long objects) {
    return (objects + INVALID_EVERY - 1) / INVALID_EVERY;
  }

  /** Bytes the folder takes on disk: whole 4 KiB blocks per file, about 12 KiB a data file and 4 KiB an annotation. */
  static long diskBytes(int dirs) {
    return (long) dirs * PER_DIR * ((12L + 4L) << 10);
  }

  private static void directory(Path root, int d) {
    SplittableRandom rnd = new SplittableRandom(1_000_003L * d + 17);
    Path dir = root.resolve(String.format("d%04d", d));
    byte[] data = new byte[12 << 10];
    try {
      Files.createDirectories(dir);
      for (int i = 0; i < PER_DIR; i++) {
        long id = (long) d * PER_DIR + i;
        String stem = String.format("img_%07d", id);
        int size = (8 << 10) + rnd.nextInt(4 << 10);
        for (int b = 0; b < size; b += 8) {
          long v = rnd.nextLong();
          for (int j = 0; j < 8 && b + j < size; j++) data[b + j] = (byte) (v >>> (8 * j));
        }
        Files.write(dir.resolve(stem + ".jpg"), Arrays.copyOf(data, size));
        String json = annotation(rnd, id);
        if (id % INVALID_EVERY == INVALID_EVERY - 1) json = json.substring(0, json.length() / 2);
        Files.write(dir.resolve(stem + ".json"), json.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One annotation: {@code class} is the first of 1-3 distinct {@code classes}, {@code score} uniform in [0, 1) with
   * three decimals, 1-3 {@code boxes}, and {@code img} (an object with its own {@code classes}, which LDB's example
   * {@code *.classes[0]} projects over).
   */
  private static String annotation(SplittableRandom rnd, long id) {
    int n = 1 + rnd.nextInt(3);
    int first = rnd.nextInt(CLASSES.length);
    StringBuilder classes = new StringBuilder("[");
    for (int k = 0; k < n; k++) {
      if (k > 0) classes.append(", ");
      classes.append('"').append(CLASSES[(first + k * 3) % CLASSES.length]).append('"');
    }
    classes.append(']');
    StringBuilder s = new StringBuilder(512);
    s.append("{\"id\": ").append(id)
        .append(", \"class\": \"").append(CLASSES[first]).append('"')
        .append(", \"classes\": ").append(classes)
        .append(", \"score\": ").append(rnd.nextInt(1000) / 1000.0)
        .append(", \"split\": \"").append(SPLITS[rnd.nextInt(SPLITS.length)]).append('"')
        .append(", \"boxes\": [");
    for (int k = 0; k < n; k++) {
      int x = rnd.nextInt(600);
      int y = rnd.nextInt(440);
      if (k > 0) s.append(", ");
      s.append("{\"label\": \"").append(CLASSES[(first + k * 3) % CLASSES.length]).append("\", \"bbox\": [")
          .append(x).append(", ").append(y).append(", ").append(x + 8 + rnd.nextInt(32)).append(", ")
          .append(y + 8 + rnd.nextInt(32)).append("], \"score\": ").append(rnd.nextInt(1000) / 1000.0).append('}');
    }
    s.append("], \"img\": {\"width\": 640, \"height\": 480, \"classes\": ").append(classes)
        .append(", \"source\": {\"camera\": \"cam-").append(String.format("%02d", rnd.nextInt(16)))
        .append("\", \"site\": \"").append(SITES[rnd.nextInt(SITES.length)])
        .append("\", \"taken\": \"2024-").append(String.format("%02d-%02d", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)))
        .append("\"}}}");
    return s.toString();
  }
}
