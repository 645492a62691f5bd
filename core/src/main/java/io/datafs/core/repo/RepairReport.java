package io.datafs.core.repo;

import java.util.List;

/**
 * What {@code verify --repair} put back into the index, and, one line each, what it could not rebuild.
 *
 * @param packs packs indexed again, holding {@code objects} objects
 * @param versions versions restored from their record files, of {@code datasets} datasets
 * @param metaRecords dataset metadata records restored from their files
 */
public record RepairReport(long packs, long objects, long versions, long datasets, long tags, long metaRecords,
                           List<String> notRebuilt) {}
