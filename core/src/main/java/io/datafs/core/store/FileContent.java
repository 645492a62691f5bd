package io.datafs.core.store;

import io.datafs.core.chunk.ChunkList;
import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.List;

/** Reads a file's content from its chunks; every chunk is verified, and so is the whole file at the end. */
public final class FileContent {
  private final LocalObjects objects;
  private final PageStore metadata;
  private final boolean cacheRemote;

  public FileContent(LocalObjects objects, PageStore metadata) {
    this(objects, metadata, true);
  }

  private FileContent(LocalObjects objects, PageStore metadata, boolean cacheRemote) {
    this.objects = objects;
    this.metadata = metadata;
    this.cacheRemote = cacheRemote;
  }

  /**
   * The same content, read without keeping chunks fetched from a remote in the chunk cache (fetched, checked, dropped):
   * for a pass over everything (verify), which would otherwise fill the cache's disk.
   */
  public FileContent withoutCaching() {
    return new FileContent(objects, metadata, false);
  }

  /** The chunks of a file entry, in order. */
  public List<ChunkRef> chunks(TreeEntry file) {
    return chunks(metadata, file);
  }

  /** The chunks of a file entry, in order, its chunk list (if it has one) read from {@code metadata}. */
  public static List<ChunkRef> chunks(PageStore metadata, TreeEntry file) {
    if (file.size() == 0) return List.of();
    if (file.chunkList() == null) return List.of(new ChunkRef(file.contentId(), (int) file.size()));
    ChunkList list = ChunkList.decode(metadata.get(file.chunkList()));
    if (list.totalLength() != file.size()) {
      throw new CorruptObjectException(file.chunkList(), "chunk list " + file.chunkList().shortHex(12)
          + " does not add up to the size of " + file.name());
    }
    return list.chunks();
  }

  /** Writes the whole content to {@code out}, then checks it hashes to the file's id. */
  public void copyTo(TreeEntry file, OutputStream out) throws IOException {
    MessageDigest md = ObjectId.sha256();
    for (ChunkRef c : chunks(file)) {
      byte[] b = cacheRemote ? objects.read(c.id()) : objects.readWithoutCaching(c.id());
      md.update(b);
      out.write(b);
    }
    ObjectId got = ObjectId.fromDigest(md);
    if (!got.equals(file.contentId())) {
      throw new CorruptObjectException(file.contentId(), "content of " + file.name() + " does not match its id "
          + file.contentId().shortHex(12));
    }
  }
}
