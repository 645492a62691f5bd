package io.datafs.core.version;

import io.datafs.core.tree.TreeEntry;

/** What a version holds, counted when it is made. */
public record Totals(long files, long dirs, long symlinks, long bytes) {
  public static final Totals ZERO = new Totals(0, 0, 0, 0);

  public Totals plus(TreeEntry e) {
    return add(e, 1);
  }

  public Totals minus(TreeEntry e) {
    return add(e, -1);
  }

  private Totals add(TreeEntry e, int sign) {
    if (e == null) return this;
    return switch (e.kind()) {
      case FILE -> new Totals(files + sign, dirs, symlinks, bytes + sign * e.size());
      case DIR -> new Totals(files, dirs + sign, symlinks, bytes);
      case SYMLINK -> new Totals(files, dirs, symlinks + sign, bytes);
    };
  }

  public Totals plus(Totals o) {
    return new Totals(files + o.files, dirs + o.dirs, symlinks + o.symlinks, bytes + o.bytes);
  }
}
