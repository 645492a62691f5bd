package io.datafs.core.remote;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A key of a listing with its object's size and the time it was last written: what a remote's GC judges by. */
public record RemoteEntry(RemoteKey key, Instant modified, long size) implements Comparable<RemoteEntry> {
  /** Like {@link RemoteKey#listed}: names under {@code root} that are datafs keys, sorted; others are skipped. */
  public static List<RemoteEntry> listed(String root, Iterable<Named> names) {
    List<RemoteEntry> entries = new ArrayList<>();
    for (Named n : names) {
      for (RemoteKey k : RemoteKey.listed(root, List.of(n.name()))) {
        entries.add(new RemoteEntry(k, n.modified(), n.size()));
      }
    }
    entries.sort(null);
    return entries;
  }

  /** An object as its store lists it: its full name (before the root is taken off), time and size. */
  public record Named(String name, Instant modified, long size) {}

  @Override
  public int compareTo(RemoteEntry o) {
    return key.compareTo(o.key);
  }
}
