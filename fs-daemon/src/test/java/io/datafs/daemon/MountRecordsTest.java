package io.datafs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record files per mount: saved, replaced, forgotten by an unlink; an older datafs's mounts.json moves into them. */
class MountRecordsTest {
  @TempDir Path home;

  private MountRecords records() {
    return new MountRecords(home.resolve("mounts"), home.resolve("mounts.json"));
  }

  @Test
  void eachMountIsAFileReplacedWhenItChangesAndUnlinkedWhenForgotten() throws Exception {
    MountRecords records = records();
    MountRecord inner = new MountRecord("/mnt/cats/inner", "cats", 1, "ab", false, false);
    MountRecord rw = new MountRecord("/mnt/cats", "cats", 2, "cd", true, false);
    records.save(inner);
    records.save(rw);
    records.save(rw.onVersion(3, "ef"));
    assertEquals(List.of(rw.onVersion(3, "ef"), inner), records.load(), "parents first, the newest record of each");
    assertEquals(2, files().size());

    records.forget("/mnt/cats");
    records.forget("/mnt/never-mounted");
    assertEquals(List.of(inner), records().load());
    assertEquals(1, files().size());
  }

  @Test
  void aMountsJsonOfAnOlderDatafsIsMovedIntoRecordFilesOnce() throws Exception {
    Files.writeString(home.resolve("mounts.json"), "[{\"dir\":\"/mnt/a\",\"dataset\":\"cats\",\"version\":3,"
        + "\"versionId\":\"ab12\"},{\"dir\":\"/mnt/b\",\"dataset\":\"dogs\",\"version\":1,\"versionId\":\"cd34\","
        + "\"writable\":true,\"committing\":false}]");
    Files.createDirectories(home.resolve("mounts"));
    Files.writeString(home.resolve("mounts/.left-by-a-killed-write.tmp"), "{");
    List<MountRecord> expected = List.of(new MountRecord("/mnt/a", "cats", 3, "ab12", false, false),
        new MountRecord("/mnt/b", "dogs", 1, "cd34", true, false));
    assertEquals(expected, records().load());
    assertFalse(Files.exists(home.resolve("mounts.json")));
    assertEquals(2, files().size(), "the temp file of a killed write is gone");
    assertEquals(expected, records().load());
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(home.resolve("mounts"))) {
      return s.toList();
    }
  }
}
