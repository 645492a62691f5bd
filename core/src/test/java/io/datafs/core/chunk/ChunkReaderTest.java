package io.datafs.core.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkReaderTest {
  private final FastCdc cdc = new FastCdc(FastCdcTest.SMALL);

  @Test
  void chunksConcatenateToTheInputAndMatchCuttingTheWholeArray() throws IOException {
    for (int size : new int[] {1, 2047, 2048, 2049, 100_000, 3 << 20}) {
      byte[] data = FastCdcTest.random(size, size);
      ByteArrayOutputStream joined = new ByteArrayOutputStream();
      List<Integer> lengths = new ArrayList<>();
      ChunkReader reader = new ChunkReader(cdc, new TricklingChannel(data, new Random(size)));
      while (reader.next()) {
        joined.write(reader.buffer(), reader.offset(), reader.length());
        lengths.add(reader.length());
      }
      assertArrayEquals(data, joined.toByteArray(), "input of " + size + " bytes");
      assertEquals(FastCdcTest.cuts(cdc, data), lengths, "input of " + size + " bytes");
      assertFalse(reader.next(), "stays at end");
    }
  }

  @Test
  void zerosStreamAsMaxSizeChunks() throws IOException {
    int max = FastCdcTest.SMALL.max();
    ChunkReader reader = new ChunkReader(cdc, Channels.newChannel(new ByteArrayInputStream(new byte[5 * max + 3])));
    List<Integer> lengths = new ArrayList<>();
    while (reader.next()) lengths.add(reader.length());
    assertEquals(List.of(max, max, max, max, max, 3), lengths);
  }

  @Test
  void emptyInputHasNoChunk() throws IOException {
    ChunkReader reader = new ChunkReader(cdc, Channels.newChannel(new ByteArrayInputStream(new byte[0])));
    assertFalse(reader.next());
    assertEquals(0, reader.length());
  }

  @Test
  void bufferStaysBounded() throws IOException {
    ChunkReader reader = new ChunkReader(cdc, Channels.newChannel(new ByteArrayInputStream(new byte[1 << 20])));
    assertEquals(2 * FastCdcTest.SMALL.max(), reader.buffer().length);
  }

  /** Hands out the input in short, uneven reads, as pipes and sockets do. */
  private static final class TricklingChannel implements ReadableByteChannel {
    private final byte[] data;
    private final Random random;
    private int position;

    TricklingChannel(byte[] data, Random random) {
      this.data = data;
      this.random = random;
    }

    @Override
    public int read(ByteBuffer dst) {
      if (position == data.length) return -1;
      int n = Math.min(Math.min(dst.remaining(), data.length - position), 1 + random.nextInt(9000));
      dst.put(data, position, n);
      position += n;
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
