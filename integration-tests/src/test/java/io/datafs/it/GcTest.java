package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code datafs gc} through the real CLI: exactly the bytes only removed versions held are freed, packs partly live
 * are repacked, what stays verifies and exports as it was imported, mounts keep reading during a GC; a kill -9 at each
 * GC step leaves a store that verifies and a GC that finishes; a damaged store and a second GC are refused.
 */
class GcTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  /** One file's content: a single chunk (under the chunker's 256 KiB minimum), random, so stored as it is. */
  private record Content(long seed, int size) {
    byte[] bytes() {
      return Trees.random(seed, size);
    }
  }

  private final Random rnd = new Random(17);
  private long nextSeed = 1000;

  private Content fresh() {
    return new Content(nextSeed++, 1000 + rnd.nextInt(40_000));
  }

  /** Replaces what {@code dir} holds with {@code files}, named f0, f1, ... */
  private static Path fill(Path dir, List<Content> files) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) Files.delete(p);
      }
    }
    Files.createDirectories(dir);
    for (int i = 0; i < files.size(); i++) Trees.write(dir.resolve("f" + i), files.get(i).bytes());
    return dir;
  }

  private <T> T pick(List<T> from) {
    return from.get(rnd.nextInt(from.size()));
  }

  @Test
  void thirtyVersionsTwentyRemovedFreesExactlyWhatOnlyTheyHeldWhileAMountReads() throws Exception {
    Datafs d = homes.at(tmp.resolve("home"));
    Set<Content> kept = new HashSet<>();
    Set<Content> removed = new HashSet<>();
    List<Content> seen = new ArrayList<>();
    // Ten rounds of three datasets: b and c are removed later; each a version takes content b's and c's versions
    // of its round brought in, so their packs end partly live.
    for (int round = 1; round <= 10; round++) {
      Map<String, List<Content>> roundFiles = new LinkedHashMap<>();
      for (String ds : List.of("b", "c")) {
        List<Content> files = new ArrayList<>(List.of(fresh(), fresh(), fresh()));
        if (!seen.isEmpty()) files.add(pick(seen));
        roundFiles.put(ds, files);
        d.ok("import", fill(tmp.resolve("src-" + ds), files).toString(), ds, "-m", "round " + round);
        removed.addAll(files);
        seen.addAll(files);
      }
      List<Content> a = new ArrayList<>(List.of(fresh(), roundFiles.get("b").get(0), roundFiles.get("c").get(1)));
      a.add(pick(seen));
      d.ok("import", fill(tmp.resolve("src-a" + round), a).toString(), "a", "-m", "round " + round);
      kept.addAll(a);
      seen.addAll(a);
    }
    removed.removeAll(kept);
    long onlyRemoved = removed.stream().mapToLong(Content::size).sum();
    d.ok("rm", "b");
    d.ok("rm", "c");

    JsonNode dry = d.ok("gc", "--dry-run", "--json").json();
    assertEquals(onlyRemoved, dry.get("freedDataBytes").asLong());
    assertEquals(removed.size(), dry.get("freedChunks").asLong());

    Fuse.require();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    d.ok("mount", "a@v10", mnt.toString());
    long packBytesBefore = packBytes(d.home());
    AtomicReference<Throwable> readFailure = new AtomicReference<>();
    Datafs.Running gc = d.start("gc", "--json");
    Thread reader = new Thread(() -> {
      try {
        do {
          Trees.assertSameTree(tmp.resolve("src-a10"), mnt);
        } while (gc.process.isAlive());
      } catch (Throwable t) {
        readFailure.set(t);
      }
    });
    reader.start();
    Datafs.Result r = gc.await();
    reader.join();
    assertEquals(0, r.exit(), r.err());
    assertEquals(null, readFailure.get(), "a mount read during the GC");
    JsonNode done = r.json();
    assertEquals(onlyRemoved, done.get("freedDataBytes").asLong());
    assertEquals(removed.size(), done.get("freedChunks").asLong());
    assertEquals(10, done.get("versions").asInt());
    assertTrue(done.get("packsRepacked").asLong() > 0, done.toString());
    assertTrue(done.get("packsDeleted").asLong() > 0, done.toString());
    assertEquals(packBytesBefore - done.get("diskBytesFreed").asLong(), packBytes(d.home()));
    Trees.assertSameTree(tmp.resolve("src-a10"), mnt);
    d.ok("umount", mnt.toString());

    d.ok("verify");
    for (int v = 1; v <= 10; v++) {
      Path out = tmp.resolve("export-" + v);
      d.ok("export", "a@v" + v, out.toString());
      Trees.assertSameTree(tmp.resolve("src-a" + v), out);
    }
    JsonNode again = d.ok("gc", "--json").json();
    assertEquals(0, again.get("freedChunks").asLong() + again.get("freedMetadataObjects").asLong()
        + again.get("packsRepacked").asLong() + again.get("packsDeleted").asLong(), again.toString());
  }

  @Test
  void contentOnlyAWritableMountsStagedChangesNameSurvivesAndCommits() throws Exception {
    Fuse.require();
    Datafs d = homes.at(tmp.resolve("home"));
    List<Content> gone = List.of(fresh(), fresh());
    d.ok("import", fill(tmp.resolve("gone"), gone).toString(), "gone");
    Trees.write(tmp.resolve("keep/k"), fresh().bytes());
    d.ok("import", tmp.resolve("keep").toString(), "keep");
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    d.ok("mount", "keep", mnt.toString(), "--writable");
    d.ok("add", mnt.toString(), "gone@v1"); // stored entries placed: the overlay names gone's content, no data file
    d.ok("rm", "gone");
    JsonNode r = d.ok("gc", "--json").json();
    assertEquals(0, r.get("freedChunks").asLong(), r.toString());
    d.ok("commit", mnt.toString(), "-m", "with gone's files");
    d.ok("umount", mnt.toString());
    d.ok("verify");
    Path out = tmp.resolve("out");
    d.ok("export", "keep@v2", out.toString());
    for (int i = 0; i < gone.size(); i++) {
      assertArrayEquals(gone.get(i).bytes(), Files.readAllBytes(out.resolve("f" + i)));
    }
  }

  @Test
  void aKillAtEachStepLeavesAStoreThatVerifiesAndAGcThatFinishesAndBadStoresAreRefused() throws Exception {
    Datafs d = homes.at(tmp.resolve("home"));
    List<Content> keep = new ArrayList<>(List.of(fresh(), fresh()));
    d.ok("import", fill(tmp.resolve("keep"), keep).toString(), "keep");
    for (String step : List.of("gc-repacked", "gc-indexed", "gc-deleting")) {
      // a dataset of three new files, one of which the next version of keep takes: its pack ends partly live
      List<Content> gone = List.of(fresh(), fresh(), fresh());
      d.ok("import", fill(tmp.resolve("gone"), gone).toString(), "gone");
      keep.add(gone.get(1));
      d.ok("import", fill(tmp.resolve("keep"), keep).toString(), "keep");
      d.ok("rm", "gone");
      d.ok("daemon", "stop"); // the next daemon starts with the kill switch set
      Datafs.Result killed = d.withEnv("DATAFS_KILL_AT", step).run("gc");
      assertNotEquals(0, killed.exit(), "the daemon should have died at " + step);
      d.awaitDaemonGone();

      d.ok("verify");
      JsonNode rerun = d.ok("gc", "--json").json();
      if (!step.equals("gc-repacked")) {
        // the index had moved on: what is left are orphan packs, and only those go
        assertEquals(0, rerun.get("freedChunks").asLong(), step + ": " + rerun);
        assertTrue(rerun.get("orphansDeleted").asInt() > 0, step + ": " + rerun);
      } else {
        assertEquals(2, rerun.get("freedChunks").asLong(), step + ": " + rerun);
      }
      JsonNode clean = d.ok("gc", "--json").json();
      assertEquals(0, clean.get("orphansDeleted").asInt() + clean.get("packsDeleted").asLong()
          + clean.get("packsRepacked").asLong(), step + ": " + clean);
      d.ok("verify");
      Path out = tmp.resolve("export-" + step);
      d.ok("export", "keep", out.toString());
      Trees.assertSameTree(tmp.resolve("keep"), out);
    }

    // a second GC is refused while one holds gc.lock (here: this test's process)
    try (FileChannel ch = FileChannel.open(d.home().resolve("gc.lock"), StandardOpenOption.WRITE);
         FileLock held = ch.lock()) {
      assertEquals("datafs: another datafs gc is running on " + d.home(), d.fails(1, "gc"));
    }

    // a damaged store: a pack the index names is gone; gc deletes nothing and points at verify
    Path victim;
    try (Stream<Path> s = Files.walk(d.home().resolve("packs"), 2)) {
      victim = s.filter(p -> Files.isRegularFile(p) && !p.getParent().endsWith("tmp")).findFirst().orElseThrow();
    }
    byte[] saved = Files.readAllBytes(victim);
    Files.delete(victim);
    List<Path> before = packFiles(d.home());
    String err = d.fails(1, "gc");
    assertTrue(err.startsWith("datafs: gc deleted nothing: pack ") && err.endsWith("; run datafs verify"), err);
    assertEquals(before, packFiles(d.home()));
    Files.write(victim, saved);
    assertArrayEquals(saved, Files.readAllBytes(victim));
    d.ok("verify");
  }

  private static List<Path> packFiles(Path home) throws IOException {
    try (Stream<Path> s = Files.walk(home.resolve("packs"))) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static long packBytes(Path home) throws IOException {
    long sum = 0;
    for (Path p : packFiles(home)) sum += Files.size(p);
    return sum;
  }
}
