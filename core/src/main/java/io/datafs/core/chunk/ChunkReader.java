package io.datafs.core.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Cuts one file's bytes into chunks as they stream in. Memory is one buffer of twice the maximum
 * chunk size, reused: a chunk is a view into it, valid until the next call of {@link #next()}.
 * The channel is read in blocking mode; the reader does not close it. Not thread-safe.
 */
public final class ChunkReader {
  private final FastCdc cdc;
  private final ReadableByteChannel in;
  private final int max;
  private final byte[] buf;
  private final ByteBuffer window;
  private int start;
  private int length;
  private int end;
  private boolean eof;

  public ChunkReader(FastCdc cdc, ReadableByteChannel in) {
    this.cdc = cdc;
    this.in = in;
    this.max = cdc.params().max();
    this.buf = new byte[2 * max];
    this.window = ByteBuffer.wrap(buf);
  }

  /** Advances to the next chunk; false at the end of input. An empty input has no chunk. */
  public boolean next() throws IOException {
    start += length;
    length = 0;
    if (end - start < max && !eof) fill();
    if (start == end) return false;
    length = cdc.cut(buf, start, end - start);
    return true;
  }

  public byte[] buffer() {
    return buf;
  }

  public int offset() {
    return start;
  }

  public int length() {
    return length;
  }

  /**
   * Reads until the buffer is full or the input ends, first moving the unread bytes to the front when
   * a max-size chunk would not fit after them.
   */
  private void fill() throws IOException {
    if (start + max > buf.length) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    window.limit(buf.length).position(end);
    while (window.hasRemaining()) {
      if (in.read(window) < 0) {
        eof = true;
        break;
      }
    }
    end = window.position();
  }
}
