package io.datafs.core.dataset;

import io.datafs.core.error.ConflictException;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.version.DatasetName;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The metadata records of every dataset, over table {@link Table#DATASET_META}: key {@code dataset 0x00 number(8,
 * big-endian)}, value the record's canonical JSON. Records are create-only and chained: {@link #publish} takes only
 * the next number, naming the latest record as its parent. Once one is in the index, the {@link MetaMirror} is told.
 */
public final class MetaCatalog {
  private final KvStore kv;
  private final MetaMirror mirror;

  public MetaCatalog(KvStore kv, MetaMirror mirror) {
    this.kv = kv;
    this.mirror = mirror;
  }

  /** The datasets with at least one metadata record, by name. */
  public SortedSet<DatasetName> datasets() {
    SortedSet<DatasetName> out = new TreeSet<>();
    byte[][] last = {null};
    kv.scan(Table.DATASET_META, new byte[0], (k, v) -> {
      int nul = k.length - 9;
      if (last[0] == null || !sameName(last[0], k, nul)) {
        last[0] = k;
        out.add(new DatasetName(new String(k, 0, nul, StandardCharsets.UTF_8)));
      }
      return true;
    });
    return out;
  }

  /** Every record of {@code ds}, oldest first; empty when it has none. */
  public List<DatasetMeta> history(DatasetName ds) {
    List<DatasetMeta> out = new ArrayList<>();
    kv.scan(Table.DATASET_META, prefix(ds), (k, v) -> {
      out.add(DatasetMetaCodec.decode(v, ds + " in the index"));
      return true;
    });
    return out;
  }

  /** The latest record of {@code ds}: its metadata now. */
  public Optional<DatasetMeta> latest(DatasetName ds) {
    List<DatasetMeta> all = history(ds);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Adds {@code m} as the next record of its dataset, in one durable write.
   *
   * @throws ConflictException when its number is not the next one or its parent is not the latest record
   */
  public synchronized void publish(DatasetMeta m) {
    DatasetName ds = m.record().datasetName();
    Optional<DatasetMeta> latest = latest(ds);
    long next = latest.map(l -> l.record().number() + 1).orElse(1L);
    String parent = latest.map(l -> l.id().hex()).orElse(null);
    if (m.record().number() != next || !Objects.equals(m.record().parent(), parent)) {
      throw new ConflictException(m.label() + " cannot be published: the latest is "
          + latest.map(DatasetMeta::label).orElse("none"));
    }
    kv.write(new KvBatch().put(Table.DATASET_META, key(ds, m.record().number()),
        DatasetMetaCodec.encode(m.record())).sync());
    mirror.published(m);
  }

  /** Adds the deletion of every metadata record of {@code ds} to {@code batch} (the dataset is being removed). */
  public void dropAll(DatasetName ds, KvBatch batch) {
    for (DatasetMeta m : history(ds)) batch.delete(Table.DATASET_META, key(ds, m.record().number()));
  }

  private static boolean sameName(byte[] a, byte[] b, int nameLength) {
    if (a.length != b.length) return false;
    for (int i = 0; i < nameLength; i++) if (a[i] != b[i]) return false;
    return true;
  }

  private static byte[] prefix(DatasetName ds) {
    byte[] name = ds.value().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(name.length + 1).put(name).put((byte) 0).array();
  }

  private static byte[] key(DatasetName ds, long number) {
    byte[] p = prefix(ds);
    return ByteBuffer.allocate(p.length + 8).put(p).putLong(number).array();
  }
}
