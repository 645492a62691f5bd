package io.datafs.fs.overlay;

import io.datafs.fs.OpenFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One open file of an overlay. It reads stored content until its file is staged (copied up by a write through
 * any handle), then the staged data file; handles follow their file through renames, and one unlinked while open
 * keeps its content. Fields change under the overlay's lock; reads take a consistent look through {@link #source}.
 */
final class Handle {
  /** What a read goes to: a staged data file, or else stored content. */
  record Source(FileChannel channel, OpenFile stored) {}

  final boolean writable;
  final boolean append;
  /** Relative path of the file; null once unlinked. */
  String path;
  /** The staged data file it reads and writes; null while it reads stored content. */
  String data;
  /** Once unlinked: the file as it was then, and its inode, for fstat. */
  volatile io.datafs.fs.Attributes unlinked;
  volatile OverlayInodes.Inode inode;
  private volatile Source source;
  private final List<FileChannel> channels = new ArrayList<>();

  Handle(String path, boolean writable, boolean append, OpenFile stored) {
    this.path = path;
    this.writable = writable;
    this.append = append;
    this.source = new Source(null, stored);
  }

  Source source() {
    return source;
  }

  /** Switches to a staged data file; the channel is closed with the handle (reads may still be using the old). */
  void stage(String data, FileChannel channel) {
    this.data = data;
    channels.add(channel);
    this.source = new Source(channel, null);
  }

  FileChannel channel() {
    return source.channel();
  }

  void close() {
    for (FileChannel c : channels) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing was buffered: a failed close loses nothing
      }
    }
  }
}
