package io.datafs.core.registry;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.store.FileContent;
import io.datafs.core.store.WriteSession;
import io.datafs.core.tree.Directory;
import io.datafs.core.tree.DirectoryCursor;
import io.datafs.core.tree.LinkReach;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeBuilder;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tree of a version imported from another registry: a directory of the source version, entry by entry, as version
 * {@code number} of a dataset here, with every directory, mode, mtime and symlink as it was. Against the dataset's
 * latest version it keeps history honest and pages shared, as compose does: an entry as it was there keeps its entry
 * (and {@code changedIn}), and a directory that comes out the same is that version's own. Chunk lists go into the
 * store, and the chunks it lacks are fetched into its packs ({@link RemoteFiles}), each once. A symlink that would
 * leave the new version's root (one that climbed out of the directory imported) is refused.
 */
public final class TreeCopy {
  /** The new version's root directory and what it holds. */
  public record Copied(ObjectId root, Totals totals) {}

  /** A directory copied: its page id, and how far above it its symlinks climb ({@link LinkReach}). */
  private record Dir(ObjectId id, int reach) {}

  private final PageStore source;
  private final WriteSession out;
  private final PageStore local;
  private final long number;
  private final RemoteFiles content;
  private final Predicate<ObjectId> held;
  private final Set<ObjectId> asked = new HashSet<>();
  private Totals totals = Totals.ZERO;

  private TreeCopy(PageStore source, WriteSession out, PageStore local, long number, RemoteFiles content,
                   Predicate<ObjectId> held) {
    this.source = source;
    this.out = out;
    this.local = local;
    this.number = number;
    this.content = content;
    this.held = held;
  }

  /**
   * Copies the source directory {@code top} (a directory entry; its pages read from {@code source}) as the tree of
   * version {@code number}, against {@code head} (the dataset's latest version, null for a new dataset; its pages in
   * {@code local}); chunks {@code held} says the store has are not fetched. Returns once every chunk fetched is in the
   * session.
   */
  public static Copied copy(PageStore source, TreeEntry top, WriteSession out, PageStore local, Version head,
                            long number, RemoteFiles content, Predicate<ObjectId> held) {
    TreeCopy c = new TreeCopy(source, out, local, number, content, held);
    Dir root = c.dir(top.contentId(), head == null ? null : head.rootId());
    if (root.reach > 0) {
      throw new InvalidInputException("refusing the import: a symlink would leave the dataset's root: "
          + new LinkReach(out).escaping(root.id, 0));
    }
    try {
      content.finish();
    } catch (IOException e) {
      throw new StoreIoException("writing fetched chunks to the store", e);
    }
    return new Copied(root.id, c.totals);
  }

  private Dir dir(ObjectId sourceDir, ObjectId headDir) {
    TreeBuilder builder = new TreeBuilder(out);
    DirectoryCursor before = new DirectoryCursor(local, headDir);
    int[] reach = {LinkReach.NONE};
    Directory.list(source, sourceDir, e -> {
      TreeEntry was = before.seek(e.name());
      TreeEntry now = e;
      if (e.isDir()) {
        Dir sub = dir(e.contentId(), was != null && was.isDir() ? was.contentId() : null);
        reach[0] = Math.max(reach[0], sub.reach - 1);
        now = e.withContent(sub.id);
      } else if (e.isSymlink()) {
        reach[0] = Math.max(reach[0], LinkReach.climb(e.target()));
      } else if (!e.sameAs(was)) {
        fetch(e);
      }
      TreeEntry entry = now.sameAs(was) ? was : now.withChangedIn(number);
      builder.add(entry);
      totals = totals.plus(entry);
      return true;
    });
    return new Dir(builder.finish(), reach[0]);
  }

  /** The file's chunk list into the store, and its chunks the store lacks asked for. */
  private void fetch(TreeEntry file) {
    if (file.chunkList() != null) {
      out.putMetadata(file.chunkList(), ObjectType.CHUNK_LIST, source.get(file.chunkList()));
    }
    try {
      content.add(FileContent.chunks(source, file), id -> !held.test(id) && asked.add(id), new RemoteFiles.Sink() {
        @Override public void chunk(ObjectId id, byte[] raw) {
          out.putChunk(id, raw, 0, raw.length, file.size());
        }

        @Override public void end() {
          // the entry is in the tree already; its chunks are all the store needs
        }
      });
    } catch (IOException e) {
      throw new StoreIoException("writing fetched chunks to the store", e);
    }
  }
}
