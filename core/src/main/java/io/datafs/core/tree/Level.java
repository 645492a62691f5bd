package io.datafs.core.tree;

import java.util.List;

/** What the items of one tree level are: directory entries at level 0, child references above. */
abstract class Level<T> {
  static final Level<TreeEntry> LEAVES = new Leaves();

  static Level<ChildRef> index(int level) {
    return new Index(level);
  }

  abstract int number();

  abstract String name(T item);

  /** The items of a page of this level. */
  abstract List<T> items(Page page);

  abstract Page page(List<T> items);

  private static final class Leaves extends Level<TreeEntry> {
    @Override
    int number() {
      return 0;
    }

    @Override
    String name(TreeEntry item) {
      return item.name();
    }

    @Override
    List<TreeEntry> items(Page page) {
      return ((LeafPage) page).entries();
    }

    @Override
    Page page(List<TreeEntry> items) {
      return new LeafPage(items);
    }
  }

  private static final class Index extends Level<ChildRef> {
    private final int number;

    Index(int number) {
      this.number = number;
    }

    @Override
    int number() {
      return number;
    }

    @Override
    String name(ChildRef item) {
      return item.lastName();
    }

    @Override
    List<ChildRef> items(Page page) {
      return ((IndexPage) page).children();
    }

    @Override
    Page page(List<ChildRef> items) {
      return new IndexPage(number, items);
    }
  }
}
