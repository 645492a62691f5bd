package io.datafs.core.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** The first {@code left} bytes of a stream: a range of an object read from a stream of more. */
public final class BoundedInputStream extends FilterInputStream {
  private long left;

  public BoundedInputStream(InputStream in, long left) {
    super(in);
    this.left = left;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) return -1;
    int b = in.read();
    if (b >= 0) left--;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (left <= 0) return len == 0 ? 0 : -1;
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n > 0) left -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, left));
    left -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), left);
  }
}
