package io.datafs.fs.overlay;

import io.datafs.core.tree.Names;
import io.datafs.core.tree.TreePaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The staged nodes of an overlay by path ("a/b", "" for the root), indexed by directory so a listing merges a
 * directory's own nodes with the entries below in name order. Remembers which paths changed since the last
 * {@link #drainChanges}, so each operation persists exactly the rows it touched. Not thread-safe: the overlay
 * guards it.
 */
final class Delta {
  /** Directory path -> its nodes by name; in String order, so the directories within one are a key range. */
  private final TreeMap<String, NavigableMap<String, Node>> byDir = new TreeMap<>();
  private final Map<String, Integer> dataUse = new HashMap<>();
  /** Directory path -> how many of its nodes are directories (for its st_nlink). */
  private final Map<String, Integer> dirNodes = new HashMap<>();
  private final Map<String, Node> changed = new LinkedHashMap<>(); // path -> node now, null when removed
  private int size;
  /** Where the root's own node is kept: a key no path can be. */
  private static final String ROOT_PARENT = "\0root";

  Node get(String path) {
    NavigableMap<String, Node> dir = byDir.get(parent(path));
    return dir == null ? null : dir.get(name(path));
  }

  void put(String path, Node node) {
    Node old = byDir.computeIfAbsent(parent(path), d -> new TreeMap<>(Names.ORDER)).put(name(path), node);
    if (old == null) size++;
    count(old, -1);
    count(node, +1);
    countDir(path, old, -1);
    countDir(path, node, +1);
    changed.put(path, node);
  }

  void remove(String path) {
    String parent = parent(path);
    NavigableMap<String, Node> dir = byDir.get(parent);
    if (dir == null) return;
    Node old = dir.remove(name(path));
    if (old == null) return;
    if (dir.isEmpty()) byDir.remove(parent);
    size--;
    count(old, -1);
    countDir(path, old, -1);
    changed.put(path, null);
  }

  /** The nodes directly inside {@code dir}, by name in tree order. */
  NavigableMap<String, Node> children(String dir) {
    NavigableMap<String, Node> m = byDir.get(dir);
    return m == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(m);
  }

  /** Whether some node sits strictly below {@code path}. */
  boolean hasNodesBelow(String path) {
    if (path.isEmpty()) return byDir.size() > (byDir.containsKey(ROOT_PARENT) ? 1 : 0);
    return byDir.containsKey(path) || !byDir.subMap(path + "/", true, path + "0", false).isEmpty();
  }

  /** Paths with a node strictly below {@code path}, in tree order (parents before children). */
  List<String> below(String path) {
    List<String> out = new ArrayList<>();
    Map<String, NavigableMap<String, Node>> dirs = path.isEmpty()
        ? byDir.tailMap("", true) : byDir.subMap(path + "/", true, path + "0", false);
    NavigableMap<String, Node> own = byDir.get(path);
    if (own != null) own.keySet().forEach(n -> out.add(child(path, n)));
    dirs.forEach((dir, nodes) -> {
      if (!dir.equals(path) && !dir.equals(ROOT_PARENT)) nodes.keySet().forEach(n -> out.add(child(dir, n)));
    });
    out.sort(TreePaths.ORDER);
    return out;
  }

  /** Every node, parents before children and siblings in name order (tree order). */
  void forEach(BiConsumer<String, Node> visitor) {
    Node root = get("");
    if (root != null) visitor.accept("", root);
    for (String p : below("")) visitor.accept(p, get(p));
  }

  /** Whether a node still refers to staged data file {@code data}. */
  boolean usesData(String data) {
    return dataUse.containsKey(data);
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** The same nodes, with nothing pending. */
  Delta copy() {
    Delta d = new Delta();
    byDir.forEach((dir, nodes) -> d.byDir.put(dir, new TreeMap<>(nodes)));
    d.dataUse.putAll(dataUse);
    d.dirNodes.putAll(dirNodes);
    d.size = size;
    return d;
  }

  /** Paths changed since the last call, each with its node now (null: removed). */
  Map<String, Node> drainChanges() {
    Map<String, Node> out = new LinkedHashMap<>(changed);
    changed.clear();
    return out;
  }

  /** How many of the nodes directly inside {@code dir} are directories. */
  int dirNodes(String dir) {
    return dirNodes.getOrDefault(dir, 0);
  }

  private void countDir(String path, Node n, int by) {
    if (n instanceof Node.Dir && !path.isEmpty()) dirNodes.merge(parent(path), by, (a, b) -> a + b == 0 ? null : a + b);
  }

  private void count(Node n, int by) {
    if (n instanceof Node.File f && f.data() != null) {
      dataUse.merge(f.data(), by, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return path.isEmpty() ? ROOT_PARENT : slash < 0 ? "" : path.substring(0, slash);
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String child(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  /** Whether {@code path} is {@code ancestor} or below it. */
  static boolean within(String path, String ancestor) {
    return ancestor.isEmpty() || path.equals(ancestor) || path.startsWith(ancestor + "/");
  }
}
