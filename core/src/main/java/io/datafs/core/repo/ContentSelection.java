package io.datafs.core.repo;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.id.ObjectId;
import io.datafs.core.select.PathPattern;
import io.datafs.core.store.FileContent;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The content of the files of a version that PATHs and GLOBs select ({@code prefetch}, {@code cache pin},
 * {@code pull DS@V PATH...}): every file when none is given; with {@code since}, only files the version adds or changes
 * over that older one (the tree diff), and of those only the chunks {@code since} does not have already.
 *
 * @param files the files selected
 * @param fileBytes their size
 * @param chunks their chunks, each once, in path order (the order a reader would want them)
 * @param unmatched the patterns that selected no file
 */
public record ContentSelection(int files, long fileBytes, Set<ObjectId> chunks, List<PathPattern> unmatched) {

  static ContentSelection of(Repository repo, PageStore pages, Version v, Version since, List<PathPattern> patterns) {
    Set<ObjectId> chunks = new LinkedHashSet<>();
    Set<PathPattern> matched = new HashSet<>();
    List<TreeEntry> selected = new ArrayList<>();
    if (since == null) {
      repo.list(v, "", true, (path, e) -> {
        if (e.isDir()) return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.mayHoldMatches(path));
        if (e.isFile() && selects(patterns, path, matched)) selected.add(e);
        return true;
      });
    } else {
      repo.diff(since, v, (path, before, after) -> {
        if (after != null && after.isFile() && selects(patterns, path, matched)) selected.add(after);
      });
    }
    Set<ObjectId> had = new HashSet<>();
    if (since != null) {
      repo.diff(v, since, (path, before, after) -> { // the older version's side of each changed file
        if (after != null && after.isFile()) FileContent.chunks(pages, after).forEach(c -> had.add(c.id()));
      });
    }
    long bytes = 0;
    for (TreeEntry e : selected) {
      bytes += e.size();
      for (ChunkRef c : FileContent.chunks(pages, e)) if (!had.contains(c.id())) chunks.add(c.id());
    }
    List<PathPattern> unmatched = patterns.stream().filter(p -> !matched.contains(p)).toList();
    return new ContentSelection(selected.size(), bytes, chunks, unmatched);
  }

  /** Whether the file at {@code path} is selected; notes which patterns selected it. */
  private static boolean selects(List<PathPattern> patterns, String path, Set<PathPattern> matched) {
    if (patterns.isEmpty()) return true;
    boolean any = false;
    for (PathPattern p : patterns) {
      if (p.matches(path) || matchesAnAncestor(p, path)) {
        matched.add(p);
        any = true;
      }
    }
    return any;
  }

  /** A glob that matches a directory above the file selects the file too. */
  private static boolean matchesAnAncestor(PathPattern p, String path) {
    for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
      if (p.matches(path.substring(0, i))) return true;
    }
    return false;
  }
}
