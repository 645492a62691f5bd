package io.datafs.core.cache;

/**
 * What fetching a selection of remote chunks into the cache takes (datafs prefetch --plan), as
 * {@link RemoteChunks#fetchAll} would fetch it now.
 *
 * @param chunks chunks not cached yet
 * @param bytes bytes on the wire: the ranged reads' lengths, gaps between neighbours included
 * @param requests ranged reads ({@link Span}s)
 */
public record FetchPlan(int chunks, long bytes, int requests) {
  public FetchPlan plus(FetchPlan other) {
    return new FetchPlan(chunks + other.chunks, bytes + other.bytes, requests + other.requests);
  }
}
