package io.datafs.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.datafs.core.kv.Table;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;

/**
 * RocksDB settings for the local index, sized for a 2-core laptop up to a small server. Everything made here is
 * pushed onto the caller's {@link CloseStack}, which owns it.
 */
final class RocksTuning {
  private static final long MIB = 1L << 20;

  private RocksTuning() {}

  static DBOptions dbOptions(CloseStack owned) {
    return owned.push(new DBOptions())
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        // two background jobs (a flush and a compaction) at most: two cores, and the daemon serves reads
        .setIncreaseParallelism(2)
        // all memtables together, however many tables are busy: a bound on the index's share of memory
        .setDbWriteBufferSize(64 * MIB)
        // a quiet table (refs, meta) pins old WAL files until it is flushed; this forces that flush
        .setMaxTotalWalSize(256 * MIB)
        // write back SST files as they grow instead of in one burst at the end
        .setBytesPerSync(MIB)
        // the info LOG is for diagnosis, not history
        .setMaxLogFileSize(4 * MIB)
        .setKeepLogFileNum(2);
  }

  /** "default" (which RocksDB requires) and then one column family per {@link Table}, in declaration order. */
  static List<ColumnFamilyDescriptor> columnFamilies(CloseStack owned) {
    // one block cache for every table, so a busy table can use what a quiet one does not
    Cache cache = owned.push(new LRUCache(64 * MIB));
    Filter bloom = owned.push(new BloomFilter(10)); // ~1% false positives
    ColumnFamilyOptions lookups = owned.push(tableOptions(cache, bloom));
    ColumnFamilyOptions scans = owned.push(tableOptions(cache, null));

    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, scans));
    for (Table table : Table.values()) {
      descriptors.add(new ColumnFamilyDescriptor(table.columnFamily().getBytes(UTF_8),
          pointLookups(table) ? lookups : scans));
    }
    return descriptors;
  }

  /**
   * Tables read mostly by whole key, often for keys that are absent (is this chunk new?), where a bloom filter
   * saves a disk read per level. The others are small or scanned by prefix, which a whole-key filter cannot help.
   * LABELS is both: {@code Labels.has} asks once per object of a listing, and most objects have no label.
   */
  static boolean pointLookups(Table table) {
    return switch (table) {
      case OBJECTS, METADATA, VERSION_IDS, ANNOTATIONS, LABELS -> true;
      case META, PACKS, VERSIONS, REFS, REMOTE_VERSIONS, OVERLAYS, DATASET_META, LAZY -> false;
    };
  }

  private static ColumnFamilyOptions tableOptions(Cache cache, Filter bloom) {
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        // index and filter blocks stay beside the cache (about 2% of a table): a table larger than the cache would
        // evict them, and each point lookup would read its index block again (a query over 1M annotations: 4x slower)
        .setCacheIndexAndFilterBlocks(false);
    if (bloom != null) table.setFilterPolicy(bloom);
    return new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setWriteBufferSize(16 * MIB)
        .setLevelCompactionDynamicLevelBytes(true)
        // LZ4 is cheap on two cores; SHA-256 keys do not compress, but values repeat pack ids and tree names do
        .setCompressionType(CompressionType.LZ4_COMPRESSION);
  }
}
