package io.datafs.core.tree;

/**
 * One node of a directory's page tree: a leaf of entries, or an index of child pages one level down. Encoded by
 * {@link PageCodec}; its id is the SHA-256 of that encoding.
 */
public sealed interface Page permits LeafPage, IndexPage {
  /** 0 for a leaf; an index page is one above its children. */
  int level();

  /** Number of items: entries of a leaf, children of an index page. */
  int size();

  /** The name of the last item (for an index page, its last child's last name); null for the empty leaf. */
  String lastName();

  /** Number of directory entries in this page and below it. */
  long entryCount();
}
