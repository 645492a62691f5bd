package io.datafs.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.tree.EntryKind;
import io.datafs.daemon.MountRecord;
import io.datafs.fs.overlay.StagedChange;
import io.datafs.fs.overlay.StagedChange.Kind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `datafs status` prints, in text and as JSON. */
class StatusOutputTest {
  private final List<StagedChange> changes = List.of(
      new StagedChange(Kind.ADDED, "new/a.jpg", null, EntryKind.FILE),
      new StagedChange(Kind.ADDED, "new", null, EntryKind.DIR),
      new StagedChange(Kind.MODIFIED, "labels.csv", null, EntryKind.FILE),
      new StagedChange(Kind.DELETED, "bad.jpg", null, EntryKind.FILE),
      new StagedChange(Kind.RENAMED, "train/x.jpg", "x.jpg", EntryKind.FILE),
      new StagedChange(Kind.RENAMED, "imgs", "images", EntryKind.DIR));

  @Test
  void textIsGitStatusShort() {
    assertEquals(List.of("A  new/a.jpg", "A  new/", "M  labels.csv", "D  bad.jpg", "R  x.jpg -> train/x.jpg",
            "R  images/ -> imgs/"),
        changes.stream().map(StatusCommand::line).toList());
  }

  @Test
  void jsonNamesTheMountTheBaseAndEachChange() {
    MountRecord m = new MountRecord("/mnt/cats-rw", "cats", 3, "ab".repeat(32), true, false);
    Map<String, Object> v = StatusCommand.view(m, changes.subList(3, 5));
    assertEquals(List.of("mount", "base", "baseId", "changes"), List.copyOf(v.keySet()));
    assertEquals("/mnt/cats-rw", v.get("mount"));
    assertEquals("cats@v3", v.get("base"));
    Map<String, Object> deleted = new LinkedHashMap<>();
    deleted.put("status", "D");
    deleted.put("path", "bad.jpg");
    deleted.put("from", null);
    deleted.put("kind", "file");
    Map<String, Object> renamed =
        new HashMap<>(Map.of("status", "R", "path", "train/x.jpg", "from", "x.jpg", "kind", "file"));
    assertEquals(Arrays.asList(deleted, renamed), v.get("changes"));
  }
}
