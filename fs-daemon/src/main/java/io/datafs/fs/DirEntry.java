package io.datafs.fs;

import io.datafs.core.tree.EntryKind;

/** One readdir entry; {@code nextOffset} is the offset to pass to resume after it. */
public record DirEntry(String name, long ino, EntryKind kind, long nextOffset) {}
