package io.datafs.core.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.datafs.core.id.ObjectId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkReachTest {
  @Test
  void climbIsTheHighestATargetGoesAboveItsDirectory() {
    assertEquals(0, LinkReach.climb("file"));
    assertEquals(0, LinkReach.climb("./a/../b"));
    assertEquals(1, LinkReach.climb("../x"));
    assertEquals(2, LinkReach.climb("../../x/y"));
    assertEquals(1, LinkReach.climb("x/../../y"), "leaving and coming back is still leaving");
    assertEquals(2, LinkReach.climb("../a/../../b"));
    assertEquals(LinkReach.ANYWHERE, LinkReach.climb("/etc/passwd"));
    assertEquals(LinkReach.ANYWHERE, LinkReach.climb(""));
    assertEquals(0, LinkReach.depthOfParent("a"));
    assertEquals(2, LinkReach.depthOfParent("a/b/c"));
    assertEquals(0, LinkReach.depthOf(""));
    assertEquals(3, LinkReach.depthOf("a/b/c"));
  }

  @Test
  void aTreeReachesAsHighAsItsHighestLinkAboveItAndNamesIt() {
    MemoryPageStore pages = new MemoryPageStore();
    ObjectId leaf = Entries.build(pages, List.of(TreeEntry.symlink("up3", 0777, 0, 1, "../../../f")));
    ObjectId mid = Entries.build(pages, List.of(
        TreeEntry.dir("c", 0755, 0, 1, leaf), TreeEntry.symlink("near", 0777, 0, 1, "../g")));
    ObjectId none = Entries.build(pages, List.of(TreeEntry.symlink("in", 0777, 0, 1, "x/y")));
    LinkReach reach = new LinkReach(pages);
    assertEquals(3, reach.of(leaf));
    assertEquals(2, reach.of(mid), "c/up3 climbs 3 from one level down");
    assertEquals(0, reach.of(none));
    assertEquals(LinkReach.NONE, reach.of(Entries.build(pages, List.of())));
    assertNull(reach.escaping(mid, 2), "at depth 2 everything stays inside");
    assertEquals("c/up3 -> ../../../f", reach.escaping(mid, 1));
    assertEquals("c/up3 -> ../../../f", reach.escaping(mid, 0), "the first escaping link in name order");
  }
}
