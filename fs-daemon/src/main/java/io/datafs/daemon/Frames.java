package io.datafs.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The control protocol after the request line: frames of {@code kind(1) length(4) payload}. The daemon sends
 * stdout ('O') and stderr ('E') bytes as the command writes them, then one exit frame ('X', payload: the
 * exit status as 4 bytes). A client that sees the stream end without an exit frame reports the daemon gone.
 */
public final class Frames {
  public static final byte STDOUT = 'O';
  public static final byte STDERR = 'E';
  public static final byte EXIT = 'X';

  private Frames() {}

  /** An output stream that sends what is written as frames of one kind. Thread-safe per underlying stream. */
  public static OutputStream stream(DataOutputStream out, byte kind) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        synchronized (out) {
          out.writeByte(kind);
          out.writeInt(len);
          out.write(b, off, len);
        }
      }

      @Override
      public void flush() throws IOException {
        synchronized (out) {
          out.flush();
        }
      }
    };
  }

  public static void exit(DataOutputStream out, int status) throws IOException {
    synchronized (out) {
      out.writeByte(EXIT);
      out.writeInt(4);
      out.writeInt(status);
      out.flush();
    }
  }

  /** Copies frames to the two streams until the exit frame, and returns the exit status. */
  public static int pump(DataInputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
    byte[] buf = new byte[1 << 16];
    while (true) {
      byte kind;
      try {
        kind = in.readByte();
      } catch (EOFException e) {
        throw new EOFException("the datafs daemon closed the connection before the command finished (see daemon.log)");
      }
      int len = in.readInt();
      if (kind == EXIT) {
        int status = in.readInt();
        stdout.flush();
        stderr.flush();
        return status;
      }
      OutputStream target = kind == STDOUT ? stdout : stderr;
      for (int left = len; left > 0; ) {
        int n = in.read(buf, 0, Math.min(buf.length, left));
        if (n < 0) throw new EOFException("the datafs daemon closed the connection mid-frame");
        target.write(buf, 0, n);
        left -= n;
      }
      if (kind == STDERR) target.flush();
    }
  }
}
