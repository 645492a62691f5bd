package io.datafs.core.registry;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.repo.Exporter;
import io.datafs.core.repo.TreeListing;
import io.datafs.core.store.FileContent;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * DVC's {@code get}: a remote version, or one directory or file of it, written out as plain files, with no store. Only
 * the chunks of what is asked for are fetched ({@link RemoteFiles}); each chunk is checked against its id and each file
 * against its own as it is written; the output appears whole at its target or not at all ({@link Exporter}).
 */
public final class Download {
  /** What was written (files and their bytes) and what it took (ranged reads of packs, and their bytes). */
  public record Result(long files, long bytes, long requests, long bytesFetched) {}

  private Download() {}

  /** Writes {@code path} of {@code v} (a directory, "" for all of it, or a file) out as {@code target}. */
  public static Result get(RemoteBrowser browser, Version v, String path, Path target) {
    PageStore pages = browser.pages();
    TreeEntry top = TreeListing.stat(pages, v, path);
    try (RemoteFiles files = new RemoteFiles(browser)) {
      String full = String.join("/", TreeListing.splitPath(path));
      String above = top.isDir() ? (full.isEmpty() ? "" : full + "/") : full.substring(0, full.lastIndexOf('/') + 1);
      Writer writer = new Writer(pages, files, v.label() + ":" + above);
      new Exporter(pages, writer).export(top, target, null);
      return new Result(writer.files, writer.bytes, files.requests(), files.bytesFetched());
    }
  }

  /** Queues each file's chunks; they are written as they arrive, and the folder is renamed once all have. */
  private static final class Writer implements Exporter.ContentWriter {
    private final PageStore pages;
    private final RemoteFiles content;
    private final String where;
    long files;
    long bytes;

    Writer(PageStore pages, RemoteFiles content, String where) {
      this.pages = pages;
      this.content = content;
      this.where = where;
    }

    @Override
    public void write(String path, TreeEntry e, Path file) throws IOException {
      files++;
      bytes += e.size();
      content.add(FileContent.chunks(pages, e), id -> true, new FileSink(e, file, where + path));
    }

    @Override
    public void finish() throws IOException {
      content.finish();
    }
  }

  /** One file being written: created at its first chunk, checked against its id once whole. */
  private static final class FileSink implements RemoteFiles.Sink {
    private final TreeEntry entry;
    private final Path file;
    private final String label;
    private final MessageDigest md = ObjectId.sha256();
    private OutputStream out;
    private long length;

    FileSink(TreeEntry entry, Path file, String label) {
      this.entry = entry;
      this.file = file;
      this.label = label;
    }

    @Override
    public void chunk(ObjectId id, byte[] raw) throws IOException {
      if (out == null) out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      md.update(raw);
      out.write(raw);
      length += raw.length;
    }

    @Override
    public void end() throws IOException {
      if (out == null) out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      out.close();
      if (length != entry.size() || !ObjectId.fromDigest(md).equals(entry.contentId())) {
        throw new CorruptObjectException(entry.contentId(), "content of " + label + " does not match its id "
            + entry.contentId().shortHex(12));
      }
      Exporter.setAttributes(file, entry);
    }
  }
}
