package io.datafs.core.gc;

/**
 * What a GC freed and kept (or, for a dry run, would). Object bytes are stored bytes (compressed where stored so);
 * disk bytes are pack files' sizes, headers and indexes included.
 *
 * @param freedDataBytes     stored bytes of the chunks dropped
 * @param freedMetadataBytes stored bytes of the tree pages and chunk lists dropped
 * @param copiedBytes        stored bytes of live objects copied out of partly-live packs
 * @param diskBytesFreed     pack files' bytes deleted less those written
 */
public record GcReport(boolean dryRun, int versions, int liveChunks, int liveMetadata, long packsKept,
                       long packsRepacked, long packsDeleted, int packsWritten, int orphansDeleted,
                       long freedChunks, long freedDataBytes, long freedMetadataObjects, long freedMetadataBytes,
                       long copiedBytes, long diskBytesFreed) {}
