package io.datafs.core.tree;

import io.datafs.core.id.ObjectId;

/**
 * Where encoded tree pages live, by id (SHA-256 of the bytes). Trees only ever add pages; a page once put is never
 * changed. A store must return a page from {@link #get} as soon as {@link #put} returned.
 */
public interface PageStore {
  /** The encoded page; throws {@link io.datafs.core.error.NotFoundException} "tree page <id> is missing". */
  byte[] get(ObjectId pageId);

  /** Stores a page; putting an id that is already present is harmless. */
  void put(ObjectId pageId, byte[] encodedPage);

  /** The page decoded; a store that keeps decoded pages ({@link PageCache}) answers from them. */
  default Page page(ObjectId pageId) {
    return PageCodec.decode(pageId, get(pageId));
  }
}
