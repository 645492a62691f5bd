package io.datafs.core.pack;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Seeded test inputs. */
final class TestData {
  private static final String[] WORDS = (
      "the of and to in is that for it as with was on be by this are from at or an which "
      + "label image train test epoch loss accuracy batch tensor float weight bias layer model dataset sample value "
      + "0 1 2 3 4 5 6 7 8 9 10 42 100 256 0.5 0.25 1e-3 true false null , ; : { } [ ] \" id name path")
      .split(" ");

  private TestData() {}

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Word soup with line breaks: compresses about as well as CSV, JSON or logs. */
  static byte[] text(long seed, int n) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder(n + 16);
    while (sb.length() < n) {
      sb.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(12) == 0 ? '\n' : ' ');
    }
    return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Random bytes drawn from {@code symbols} distinct values: log2(symbols)/8 of the size is what compression can reach.
   */
  static byte[] alphabet(long seed, int n, int symbols) {
    Random r = new Random(seed);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt(symbols);
    return b;
  }
}
