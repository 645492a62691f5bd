package io.datafs.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LinePacerTest {
  /** A reader that takes {@code keep} bytes, then is gone (a pipe whose reader exited). */
  static final class Reader extends OutputStream {
    final StringBuilder got = new StringBuilder();
    final int keep;

    Reader(int keep) {
      this.keep = keep;
    }

    @Override
    public void write(int b) throws IOException {
      if (got.length() >= keep) throw new IOException("Broken pipe");
      got.append((char) b);
    }
  }

  @Test
  void theFirstLineReachesTheReaderAtOnceAndTheRestEveryTenthOfASecond() {
    Reader reader = new Reader(Integer.MAX_VALUE);
    PrintStream out = new PrintStream(new BufferedOutputStream(reader, 1 << 16), false, StandardCharsets.UTF_8);
    long[] now = {1_000_000_000L};
    LinePacer pacer = new LinePacer(out, () -> now[0]);
    out.println("first");
    assertTrue(pacer.printed());
    assertEquals("first\n", reader.got.toString());
    out.println("second");
    assertTrue(pacer.printed());
    assertEquals("first\n", reader.got.toString(), "held back: less than 100 ms since the last flush");
    now[0] += 100_000_000L;
    out.println("third");
    assertTrue(pacer.printed());
    assertEquals("first\nsecond\nthird\n", reader.got.toString());
  }

  @Test
  void aReaderGoneStopsTheListingAtTheNextFlush() {
    Reader reader = new Reader(6);
    PrintStream out = new PrintStream(new BufferedOutputStream(reader, 1 << 16), false, StandardCharsets.UTF_8);
    long[] now = {0};
    LinePacer pacer = new LinePacer(out, () -> now[0]);
    out.println("first");
    assertTrue(pacer.printed());
    out.println("second");
    assertTrue(pacer.printed(), "not flushed yet: nobody knows");
    now[0] += 100_000_000L;
    out.println("third");
    assertFalse(pacer.printed());
    out.println("fourth");
    now[0] += 100_000_000L;
    assertThrows(LinePacer.ReaderGone.class, pacer::printedOrStop);
  }
}
