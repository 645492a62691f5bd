package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds one directory from its entries, streamed in {@link Names#ORDER}. Pages go to the store as they fill, so
 * memory is one partial page per level, whatever the directory's size. Not thread-safe.
 *
 * <p>The root is the lowest level that has a single page. To avoid storing pages above it, each level holds back
 * its latest page reference and passes it up only once the level has cut another page.
 */
public final class TreeBuilder {
  private final PageStore store;
  private final Chunker<TreeEntry> leaves;
  /** indexes.get(i) cuts level i + 1. */
  private final List<Chunker<ChildRef>> indexes = new ArrayList<>();
  /** Per level: pages cut so far, and the latest page's reference, not yet passed up. */
  private final List<LevelState> levels = new ArrayList<>();
  private byte[] lastName;
  private long count;
  private ObjectId root;

  public TreeBuilder(PageStore store) {
    this(store, (leaf, entries) -> {});
  }

  /** Sees each leaf page as it is cut: what is kept by leaf page can be written as the directory is built. */
  @FunctionalInterface
  public interface LeafListener {
    void cut(ObjectId leaf, List<TreeEntry> entries);
  }

  public TreeBuilder(PageStore store, LeafListener listener) {
    this.store = store;
    this.leaves = new Chunker<>(store, Level.LEAVES, (ref, page) -> {
      listener.cut(ref.pageId(), ((LeafPage) page).entries());
      cut(0, ref);
    });
  }

  /** Adds the next entry; its name must sort strictly after the previous one's. */
  public void add(TreeEntry e) {
    if (root != null) throw new IllegalStateException("the tree is finished");
    byte[] name = Names.check(e.name()).getBytes(StandardCharsets.UTF_8);
    if (lastName != null && Arrays.compareUnsigned(lastName, name) >= 0) {
      throw new IllegalArgumentException("entry " + Names.printable(e.name()) + " does not sort after "
          + Names.printable(new String(lastName, StandardCharsets.UTF_8)));
    }
    lastName = name;
    count++;
    leaves.add(e);
  }

  /** Number of entries added. */
  public long count() {
    return count;
  }

  /** Stores the remaining pages and returns the directory's id; {@link Directory#EMPTY_DIR} if nothing was added. */
  public ObjectId finish() {
    if (root != null) return root;
    leaves.finish();
    if (count == 0) {
      store.put(Directory.EMPTY_DIR, PageCodec.encode(LeafPage.EMPTY));
      return root = Directory.EMPTY_DIR;
    }
    for (int level = 0; ; level++) {
      LevelState state = levels.get(level);
      if (state.pages == 1) return root = state.held.pageId();
      index(level + 1).add(state.held);
      index(level + 1).finish();
    }
  }

  private void cut(int level, ChildRef ref) {
    while (levels.size() <= level) levels.add(new LevelState());
    LevelState state = levels.get(level);
    if (state.held != null) index(level + 1).add(state.held);
    state.held = ref;
    state.pages++;
  }

  private Chunker<ChildRef> index(int level) {
    while (indexes.size() < level) {
      int number = indexes.size() + 1;
      indexes.add(new Chunker<>(store, Level.index(number), (ref, page) -> cut(number, ref)));
    }
    return indexes.get(level - 1);
  }

  private static final class LevelState {
    long pages;
    ChildRef held;
  }
}
