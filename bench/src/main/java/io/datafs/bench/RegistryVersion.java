package io.datafs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The registry block's version: {@value #BIG} (the mount block's big file, linked, not copied), {@code shards} large
 * files of {@code shardSize} bytes, and {@code samples} files of {@value #SAMPLE_SIZE} bytes in directories of
 * {@value #PER_DIR}. Each generated file has a seed of its own, so any one can be written again alone: the block
 * deletes the folder once imported and writes the plain copy file by file, as the disk does not hold three copies.
 */
record RegistryVersion(Path bigFile, int shards, long shardSize, int samples) {
  static final String BIG = "big/data.bin";
  static final int SAMPLE_SIZE = 100_000;
  static final int PER_DIR = 1_000;
  private static final long SHARD_SEEDS = 1_000_000;

  /** The full size: the 1 GiB file, 32 shards of 256 MiB and 10,000 samples (9.9 GiB); small when quick. */
  static RegistryVersion of(Path bigFile, boolean quick) {
    return quick ? new RegistryVersion(bigFile, 4, 16L << 20, 200)
        : new RegistryVersion(bigFile, 32, 256L << 20, 10_000);
  }

  RegistryVersion withShards(int n) {
    return new RegistryVersion(bigFile, n, shardSize, samples);
  }

  long bytes() throws IOException {
    return Files.size(bigFile) + shards * shardSize + (long) samples * SAMPLE_SIZE;
  }

  int files() {
    return 1 + shards + samples;
  }

  /** The sample both tools download: one in the middle. */
  String sample() {
    return samplePath(samples / 2);
  }

  static String samplePath(int i) {
    return String.format("samples/d%02d/s%05d.bin", i / PER_DIR, i);
  }

  static String shardPath(int i) {
    return String.format("shards/shard_%03d.bin", i);
  }

  /** The whole version as a folder at {@code root}. */
  void writeFolder(Path root) throws IOException {
    Files.createDirectories(root.resolve(BIG).getParent());
    Files.createLink(root.resolve(BIG), bigFile);
    for (int i = 0; i < shards; i++) writeShard(i, root.resolve(shardPath(i)));
    writeSamples(root);
  }

  void writeShard(int i, Path file) throws IOException {
    DataGen.write(file, new SplittableRandom(SHARD_SEEDS + i), shardSize);
  }

  /** The samples, under {@code root/samples}. */
  void writeSamples(Path root) throws IOException {
    for (int i = 0; i < samples; i++) DataGen.write(root.resolve(samplePath(i)), new SplittableRandom(i), SAMPLE_SIZE);
  }
}
