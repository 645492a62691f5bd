package io.datafs.core.compose;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.select.ObjectFilter;
import io.datafs.core.select.Sample;
import io.datafs.core.select.Selection;
import io.datafs.core.tree.PageStore;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Composition;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Makes the tree of a composed version (LDB's {@code add} into a new dataset, then {@code commit}): the objects the
 * filters select from each source, sampled and limited, each with its annotation, at its own path. Metadata only:
 * the new tree's entries name content already in the store, so no chunk is read, copied or written.
 */
public final class Composer {
  private Composer() {}

  /** What to compose: sources in the order given, then filters, sample, limit. */
  public record Request(List<Version> sources, List<ObjectFilter> filters, Sample sample, Long limit,
                        boolean prefixSource, boolean allowEmpty) {
    public Request {
      if (sources.isEmpty()) throw new InvalidInputException("compose needs at least one source");
      if (limit != null && limit < 1) throw new InvalidInputException("--limit must be at least 1, not " + limit);
      sources = List.copyOf(sources);
      filters = List.copyOf(filters);
    }

    /** The provenance a composed version's record keeps. */
    public Composition describe() {
      return new Composition(
          sources.stream().map(v -> new Composition.Source(v.record().dataset(), v.record().number(), v.id().hex()))
              .toList(),
          filters.stream().map(ObjectFilter::describe).toList(),
          sample == null ? null : sample.probability(), sample == null ? null : sample.seed(), limit, prefixSource);
    }
  }

  /** The new tree, what it holds, and how many data objects were chosen. */
  public record Built(ObjectId root, Totals totals, long objects) {}

  /**
   * Chooses the objects and builds version {@code number}'s tree into {@code out}, against {@code head} (the
   * dataset's latest version, null for a new dataset), whose pages are read from {@code headPages}.
   */
  public static Built compose(Selection selection, Request r, PageStore out, PageStore headPages, Version head,
                              long number) {
    Chooser chooser = choose(selection, r);
    SortedMap<String, TreeEntry> files = chooser.result(r.limit());
    long objects = chooser.chosen();
    if (objects == 0 && !r.allowEmpty()) {
      throw new InvalidInputException("the filters select no object of " + String.join(", ",
          r.sources().stream().map(Version::label).toList()) + ": nothing composed (--allow-empty makes an empty"
          + " version)");
    }
    TreeAssembler.Built built = TreeAssembler.build(out, headPages, head, files, number);
    return new Built(built.root(), built.totals(), objects);
  }

  /**
   * The tree of version {@code number}, the first of a new dataset, holding exactly {@code files} (path -> entry,
   * streamed in path order, each naming content already in the store), built into {@code out}: a bulk load of a
   * listing made elsewhere. Memory is one partial page per level of each open directory, whatever the number of files.
   */
  public static Built assemble(PageStore out, Iterator<Map.Entry<String, TreeEntry>> files, long number) {
    TreeAssembler.Built built = TreeAssembler.stream(out, files, number);
    return new Built(built.root(), built.totals(), built.totals().files());
  }

  /** The files {@code r} chooses (data files and their annotations), path -> entry, as {@code datafs add} stages. */
  public static SortedMap<String, TreeEntry> files(Selection selection, Request r) {
    return choose(selection, r).result(r.limit());
  }

  private static Chooser choose(Selection selection, Request r) {
    Chooser chooser = new Chooser(selection, r.sample(), r.prefixSource());
    r.sources().forEach(chooser::take);
    return chooser;
  }
}
