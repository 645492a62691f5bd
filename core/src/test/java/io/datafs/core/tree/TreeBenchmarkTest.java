package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.id.ObjectId;
import java.util.NavigableMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Prints costs for a 1M-entry directory. Run with {@code mvn -pl core test -Dgroups=perf -DexcludedTestGroups=};
 * asserts only correctness.
 */
@Tag("perf")
class TreeBenchmarkTest {
  private static final int N = 1_000_000;

  @Test
  void millionEntryDirectory() {
    for (int round = 1; round <= 3; round++) {
      CountingPageStore store = new CountingPageStore();
      long t0 = System.nanoTime();
      TreeBuilder builder = new TreeBuilder(store);
      for (int i = 0; i < N; i++) builder.add(Entries.file(Entries.name(i)));
      ObjectId root = builder.finish();
      long built = System.nanoTime() - t0;
      int pages = store.puts;
      int height = Pages.root(store, root).level() + 1;
      long[] bytes = new long[1];
      store.pages.forEach((id, page) -> bytes[0] += page.length);

      String name = Entries.name(N / 2);
      NavigableMap<String, TreeEntry> edits = Entries.edits();
      edits.put(name, Entries.file(name, 2));
      store.reset();
      long t1 = System.nanoTime();
      ObjectId edited = TreeEditor.apply(store, root, edits);
      long edit = System.nanoTime() - t1;
      int editReads = store.gets;
      int editWrites = store.puts;

      store.reset();
      long t2 = System.nanoTime();
      int[] changes = new int[1];
      TreeDiff.diff(store, root, edited, (p, o, n) -> changes[0]++);
      long diff = System.nanoTime() - t2;
      int diffReads = store.gets;

      store.reset();
      long t3 = System.nanoTime();
      Optional<TreeEntry> found = Directory.lookup(store, edited, name);
      long lookup = System.nanoTime() - t3;

      assertEquals(1, changes[0]);
      assertEquals(Optional.of(Entries.file(name, 2)), found);
      System.out.printf("round %d: build %d entries: %d ms, %d pages (%.1f bytes/entry, %d bytes/page), height %d; "
          + "edit one: %.2f ms (%d reads, %d writes);"
              + " diff: %.2f ms (%d reads); lookup: %.3f ms%n", round, N, built / 1_000_000, pages,
          (double) bytes[0] / N, bytes[0] / pages, height,
          edit / 1e6, editReads, editWrites, diff / 1e6, diffReads, lookup / 1e6);
    }
  }
}
