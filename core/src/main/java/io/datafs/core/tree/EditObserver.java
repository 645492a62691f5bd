package io.datafs.core.tree;

/** Told of each edit as {@link TreeEditor} applies it, with the item it replaced (null if none). */
interface EditObserver<T> {
  void edited(String name, T old, T now);
}
