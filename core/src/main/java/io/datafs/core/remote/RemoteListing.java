package io.datafs.core.remote;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The listing files a remote keeps for readers that cannot list it (a web server or CDN serving it over http(s)):
 * {@code listings/<area>.txt} for each area datafs lists ({@code versions/}, {@code tags/}, {@code index/},
 * {@code labels/}, {@code datasets/}), holding every key under that area. Text: the line {@value #HEADER}, then
 * one key a line, sorted by {@link RemoteKey#compareTo}, each line ending in '\n' (a key holds no control
 * character).
 *
 * <p>A listing is derived from the keys, never the other way round: the create-only records stay what a remote holds,
 * and every push rewrites a listing that differs from them ({@code io.datafs.core.sync.Listings}). A reader still
 * checks everything it reads by hash, so a listing can only hide keys, never change what a key holds. At most
 * {@link #MAX_BYTES}: 64 MiB is about 900k pack indexes (some 100 TiB of packs) or 2.5M version records.
 */
public final class RemoteListing {
  public static final String HEADER = "datafs listing 1";
  public static final String FOLDER = "listings/";
  /** The areas with a listing: every prefix datafs lists a remote by. */
  public static final List<String> AREAS =
      List.of(RemoteLayout.VERSIONS, RemoteLayout.TAGS, RemoteLayout.INDEXES, RemoteLayout.LABELS,
          RemoteLayout.DATASETS);
  public static final int MAX_BYTES = 64 << 20;

  private RemoteListing() {}

  /** The listing file of an area ("versions/": listings/versions.txt). */
  public static RemoteKey key(String area) {
    if (!AREAS.contains(area)) throw new IllegalArgumentException("no listing of " + area);
    return RemoteKey.of(FOLDER + area.substring(0, area.length() - 1) + ".txt");
  }

  /** The area whose listing answers a listing of {@code prefix}, or null when none does ("", "packs/"). */
  public static String areaOf(String prefix) {
    for (String area : AREAS) {
      if (prefix.startsWith(area)) return area;
    }
    return null;
  }

  /** The listing of {@code keys}, all under {@code area} and sorted (as {@link Remote#list} gives them). */
  public static byte[] encode(String area, List<RemoteKey> keys) {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (RemoteKey k : keys) {
      if (!k.value().startsWith(area)) throw new IllegalArgumentException(k + " is not under " + area);
      b.append(k.value()).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The keys of a listing read from {@code remote}, checked: the header, keys datafs could name, all under the
   * area, strictly ascending.
   *
   * @throws CorruptObjectException naming the file and line of what is wrong
   */
  public static List<RemoteKey> decode(String remote, String area, byte[] bytes) {
    String file = key(area).value();
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!text.startsWith(HEADER + "\n")) throw damaged(remote, file + " does not start with '" + HEADER + "'");
    if (!text.endsWith("\n")) throw damaged(remote, file + " does not end with a whole line");
    List<RemoteKey> keys = new ArrayList<>();
    String[] lines = text.substring(HEADER.length() + 1).split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) { // the last is the empty string after the final '\n'
      RemoteKey k;
      try {
        k = new RemoteKey(lines[i]);
      } catch (InvalidInputException e) {
        throw damaged(remote, file + " line " + (i + 2) + ": " + e.getMessage());
      }
      if (!k.value().startsWith(area)) {
        throw damaged(remote, file + " line " + (i + 2) + ": " + k + " is not under " + area);
      }
      if (!keys.isEmpty() && keys.get(keys.size() - 1).compareTo(k) >= 0) {
        throw damaged(remote, file + " line " + (i + 2) + ": " + k + " is out of order");
      }
      keys.add(k);
    }
    return keys;
  }

  private static CorruptObjectException damaged(String remote, String why) {
    return new CorruptObjectException(null, "remote " + remote + " is damaged: " + why);
  }
}
