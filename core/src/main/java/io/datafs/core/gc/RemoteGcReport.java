package io.datafs.core.gc;

/**
 * What a GC of a remote found and deleted (or, for a dry run, would delete).
 *
 * @param packsLive       packs holding an object some version needs (partly live ones included: not repacked)
 * @param packsPending    packs no version needs that a push under way named (its marker)
 * @param packsTooNew     packs no version needs written within the grace, or indexed after the mark
 * @param packsDeleted    packs deleted with their indexes, killed uploads (no index) included
 * @param bytesDeleted    bytes of the pack files and indexes deleted
 * @param markersDeleted  markers of pushes older than {@link RemoteGc#ABANDONED}, taken as abandoned
 */
public record RemoteGcReport(boolean dryRun, int versions, int liveChunks, int liveMetadata, long packsLive,
                             long packsPending, long packsTooNew, long packsDeleted, long bytesDeleted,
                             int markersDeleted) {}
