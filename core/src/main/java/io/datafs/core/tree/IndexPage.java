package io.datafs.core.tree;

import java.util.List;

/** An inner node of a directory's page tree: references to the pages one level down, in name order. */
public record IndexPage(int level, List<ChildRef> children) implements Page {
  public IndexPage {
    if (level < 1) throw new IllegalArgumentException("an index page has level >= 1, not " + level);
    if (children.isEmpty()) throw new IllegalArgumentException("an index page has at least one child");
    children = List.copyOf(children);
  }

  @Override
  public int size() {
    return children.size();
  }

  @Override
  public String lastName() {
    return children.get(children.size() - 1).lastName();
  }

  @Override
  public long entryCount() {
    long n = 0;
    for (ChildRef c : children) n += c.entryCount();
    return n;
  }

  /** The first child that may hold {@code name} (its last name is >= name); {@code size()} if none. */
  public int childFor(String name) {
    return Pages.search(children, ChildRef::lastName, name, false);
  }

  /** The first child holding names after {@code name} (its last name is > name); {@code size()} if none. */
  public int childAfter(String name) {
    return Pages.search(children, ChildRef::lastName, name, true);
  }
}
