package io.datafs.daemon;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The control protocol after the request line: frames of {@code kind(1) length(4) payload}. The daemon sends
 * stdout ('O') and stderr ('E') bytes as the command writes them, then one exit frame ('X', payload: the
 * exit status as 4 bytes). A client that sees the stream end without an exit frame reports the daemon gone.
 */
public final class Frames {
  public static final byte STDOUT = 'O';
  public static final byte STDERR = 'E';
  public static final byte EXIT = 'X';
  /** The exit status when stdout's reader went away: a shell's for a command killed by SIGPIPE (128 + 13). */
  public static final int READER_GONE = 141;

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

  /**
   * Copies frames to the two streams until the exit frame, and returns the exit status. Standard output is buffered
   * and flushed whenever no frame waits (before a read that blocks): a million lines cost a few hundred writes, and
   * the first still shows at once. When stdout's reader has gone (a closed pipe, as under {@code | head}), returns
   * {@link #READER_GONE} at once; the caller then drops the connection, which stops the command in the daemon.
   */
  public static int pump(InputStream socket, PrintStream stdout, PrintStream stderr) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(socket, 1 << 16));
    BufferedOutputStream out = new BufferedOutputStream(stdout, 1 << 16);
    byte[] buf = new byte[1 << 16];
    while (true) {
      if (in.available() == 0) out.flush();
      if (stdout.checkError()) return READER_GONE; // a flag of what was written, no write of its own
      byte kind;
      try {
        kind = in.readByte();
      } catch (EOFException e) {
        out.flush();
        throw new EOFException("the datafs daemon closed the connection before the command finished (see daemon.log)");
      }
      int len = in.readInt();
      if (kind == EXIT) {
        int status = in.readInt();
        out.flush();
        stderr.flush();
        return stdout.checkError() ? READER_GONE : status;
      }
      if (kind == STDERR) out.flush(); // what was said before the message shows before it
      OutputStream target = kind == STDOUT ? out : stderr;
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
