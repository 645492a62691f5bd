package io.datafs.core.version;

import java.util.List;

/**
 * How a composed version was made ({@code datafs compose}): the versions it took objects from, the filters in the
 * order given, and the sampling; enough to make it again.
 *
 * @param sources      the source versions, in the order given
 * @param filters      each filter as typed, with its option ({@code --query class == "cat"})
 * @param sample       the Bernoulli probability, null when not sampled
 * @param seed         the sampling seed, null when not sampled
 * @param limit        at most this many objects (after sampling, in path order), null when unlimited
 * @param prefixSource whether each source's objects went under a folder named after its dataset
 */
public record Composition(List<Source> sources, List<String> filters, Double sample, Long seed, Long limit,
                          boolean prefixSource) {
  /** One source version: its dataset, number and id (hex). */
  public record Source(String dataset, long number, String id) {}

  public Composition {
    sources = List.copyOf(sources);
    filters = List.copyOf(filters);
  }
}
