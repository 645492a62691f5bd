package io.datafs.metadata;

import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvStore;
import io.datafs.core.label.LabelEvent;
import io.datafs.core.label.LabelName;
import io.datafs.core.label.Labels;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints what labels cost on RocksDB at the scale of the compose issue (1M objects); asserts nothing. Run with
 * {@code mvn -pl metadata-store test -Dtest=LabelsPerfTest -Dgroups=perf -DexcludedTestGroups= -DargLine=-Xmx1g}.
 */
@Tag("perf")
class LabelsPerfTest {
  static final int OBJECTS = 1_000_000;
  @TempDir Path tmp;

  @Test
  void labelOneMillionObjectsThenAskEachOfThem() {
    List<ObjectId> objects = new ArrayList<>(OBJECTS);
    for (int i = 0; i < OBJECTS; i++) objects.add(ObjectId.hash(ByteBuffer.allocate(4).putInt(i).array()));
    LabelName cat = new LabelName("cat");
    LabelName dog = new LabelName("dog");
    try (KvStore kv = RocksKvStore.open(tmp.resolve("a"), Duration.ofSeconds(10));
         KvStore other = RocksKvStore.open(tmp.resolve("b"), Duration.ofSeconds(10))) {
      Labels labels = new Labels(kv);
      System.gc();
      long heapBefore = heapPeakReset();
      long t0 = System.nanoTime();
      List<LabelEvent> events = labels.apply(objects, List.of(cat), true, "bench");
      double applySeconds = seconds(t0);
      long applyPeak = heapPeak();
      long json = 0;
      for (LabelEvent e : events) json += labels.json(e.id()).length;
      System.out.printf("apply: 1M objects, one label: %.2f s, %d events, %.1f MB of event JSON; heap peak %d MiB"
          + " (%d MiB before)%n", applySeconds, events.size(), json / 1e6, applyPeak >> 20, heapBefore >> 20);

      for (int round = 0; round < 3; round++) {
        t0 = System.nanoTime();
        int hits = 0;
        for (ObjectId o : objects) if (labels.has(o, cat)) hits++;
        double hasSeconds = seconds(t0);
        t0 = System.nanoTime();
        int misses = 0;
        for (ObjectId o : objects) if (!labels.has(o, dog)) misses++;
        double missSeconds = seconds(t0);
        System.out.printf("has: 1M labelled objects %.2f s (%.0f k/s, %d hits); 1M without the label %.2f s"
            + " (%.0f k/s, %d misses)%n", hasSeconds, OBJECTS / hasSeconds / 1e3, hits, missSeconds,
            OBJECTS / missSeconds / 1e3, misses);
      }
      t0 = System.nanoTime();
      int total = 0;
      for (int i = 0; i < 100_000; i++) total += labels.of(objects.get(i)).size();
      double ofSeconds = seconds(t0);
      System.out.printf("of: 100k objects %.2f s (%.0f k/s, %d labels)%n", ofSeconds, 1e5 / ofSeconds / 1e3, total);

      Labels receiver = new Labels(other);
      System.gc();
      heapPeakReset();
      t0 = System.nanoTime();
      List<LabelEvent> all = labels.events();
      System.out.printf("events: the 10 events read back and checked: %.2f s%n", seconds(t0));
      t0 = System.nanoTime();
      for (LabelEvent e : all) receiver.receive(List.of(e));
      System.out.printf("receive: the 10 events into another store, one at a time as a pull does: %.2f s, heap peak"
          + " %d MiB%n", seconds(t0), heapPeak() >> 20);
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static long heapPeakReset() {
    long used = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() != MemoryType.HEAP) continue;
      used += p.getUsage().getUsed();
      p.resetPeakUsage();
    }
    return used;
  }

  private static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
    }
    return peak;
  }
}
