package io.datafs.core.tree;

import java.util.List;

/** The bottom of a directory's page tree: entries in {@link Names#ORDER}, names unique. */
public record LeafPage(List<TreeEntry> entries) implements Page {
  public static final LeafPage EMPTY = new LeafPage(List.of());

  public LeafPage {
    entries = List.copyOf(entries);
  }

  @Override
  public int level() {
    return 0;
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public String lastName() {
    return entries.isEmpty() ? null : entries.get(entries.size() - 1).name();
  }

  @Override
  public long entryCount() {
    return entries.size();
  }

  /** The index of the entry with this name, or -1. */
  public int indexOf(String name) {
    int i = Pages.search(entries, TreeEntry::name, name, false);
    return i < entries.size() && entries.get(i).name().equals(name) ? i : -1;
  }

  /** The index of the first entry whose name sorts after {@code name}; {@code size()} if none does. */
  public int firstAfter(String name) {
    return Pages.search(entries, TreeEntry::name, name, true);
  }
}
