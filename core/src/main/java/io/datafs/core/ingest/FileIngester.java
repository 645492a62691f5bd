package io.datafs.core.ingest;

import io.datafs.core.annotate.AnnotationIngest;
import io.datafs.core.chunk.ChunkList;
import io.datafs.core.chunk.ChunkReader;
import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.chunk.FastCdc;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.store.WriteSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one regular file into chunks in a {@link WriteSession} and returns its content id and chunk list.
 * Thread-safe; each call works on its own buffers, so ingest threads hash, chunk and compress in parallel.
 */
public final class FileIngester {
  /** What a file became. {@code chunkList} is null for a file of at most one chunk. */
  public record Content(ObjectId id, ObjectId chunkList, long size) {}

  private final FastCdc cdc;
  private final int smallFileLimit;
  private final WriteSession session;
  private final ThreadLocal<byte[]> smallBuffer;
  /** Where small {@code .json} files are parsed as they are read; null when annotations are not indexed now. */
  private AnnotationIngest annotations;

  public FileIngester(FastCdc cdc, int minChunk, WriteSession session) {
    this.cdc = cdc;
    this.smallFileLimit = minChunk;
    this.session = session;
    // One byte more than the largest small file: a file that grew shows up in the same single read.
    this.smallBuffer = ThreadLocal.withInitial(() -> new byte[minChunk + 1]);
  }

  /** Parses small {@code .json} files into {@code ingest} as they are read (an import that indexes annotations). */
  public void indexAnnotations(AnnotationIngest ingest) {
    this.annotations = ingest;
  }

  /** Where annotations are indexed as they are read, or null. */
  public AnnotationIngest annotations() {
    return annotations;
  }

  /**
   * @param shownAs the path as the user should see it in errors
   * @param expectedSize size from the walk; a file whose size changes under us is refused, not half-read
   */
  public Content ingest(Path file, String shownAs, long expectedSize) {
    return ingest(file, shownAs, expectedSize, null);
  }

  /** {@link #ingest}, holding a small file's chunk in {@code held} (when not null) instead of appending it. */
  public Content ingest(Path file, String shownAs, long expectedSize, WriteSession.Held held) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return expectedSize <= smallFileLimit ? small(ch, shownAs, expectedSize, held)
          : chunked(ch, shownAs, expectedSize);
    } catch (AccessDeniedException e) {
      throw new InvalidInputException("cannot read " + shownAs + ": permission denied");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + shownAs + ": " + e.getMessage());
    }
  }

  private Content small(FileChannel ch, String shownAs, long expectedSize, WriteSession.Held held) throws IOException {
    byte[] buf = smallBuffer.get();
    ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) expectedSize + 1);
    while (bb.hasRemaining() && ch.read(bb) >= 0 && bb.position() < expectedSize) { /* fill */ }
    if (bb.position() != expectedSize) throw changed(shownAs);
    int n = (int) expectedSize;
    if (n == 0) return new Content(ObjectId.EMPTY, null, 0);
    ObjectId id = ObjectId.hash(buf, 0, n);
    if (annotations != null && shownAs.endsWith(".json")) annotations.read(id, buf, 0, n);
    if (held != null) session.hold(held, id, buf, 0, n);
    else session.putChunk(id, buf, 0, n, n);
    return new Content(id, null, n);
  }

  private Content chunked(FileChannel ch, String shownAs, long expectedSize) throws IOException {
    MessageDigest whole = ObjectId.sha256();
    List<ChunkRef> chunks = new ArrayList<>();
    ChunkReader reader = new ChunkReader(cdc, ch);
    long total = 0;
    while (reader.next()) {
      byte[] b = reader.buffer();
      int off = reader.offset();
      int len = reader.length();
      whole.update(b, off, len);
      ObjectId chunk = ObjectId.hash(b, off, len);
      session.putChunk(chunk, b, off, len, expectedSize);
      chunks.add(new ChunkRef(chunk, len));
      total += len;
    }
    if (total != expectedSize) throw changed(shownAs);
    ObjectId id = ObjectId.fromDigest(whole);
    if (chunks.size() == 1) return new Content(id, null, total);
    ChunkList list = new ChunkList(chunks);
    session.putMetadata(list.id(), ObjectType.CHUNK_LIST, list.encode());
    return new Content(id, list.id(), total);
  }

  private static InvalidInputException changed(String shownAs) {
    return new InvalidInputException("file changed while it was being imported: " + shownAs);
  }
}
