package io.datafs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mounts.json: writable mounts round-trip, and files written before writable mounts existed still load. */
class MountRecordTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRecordWithoutWritableLoadsAsReadOnly() throws Exception {
    String old = "[{\"dir\":\"/mnt/cats\",\"dataset\":\"cats\",\"version\":3,\"versionId\":\"ab12\"}]";
    List<MountRecord> records = JSON.readValue(old, new TypeReference<List<MountRecord>>() {});
    assertEquals(List.of(new MountRecord("/mnt/cats", "cats", 3, "ab12", false, false)), records);
    assertFalse(records.get(0).writable());
  }

  @Test
  void writableRoundTripsAndACommitMovesOnlyTheVersion() throws Exception {
    MountRecord rw = new MountRecord("/mnt/rw", "cats", 3, "ab12", true, false).committing(true);
    String json = JSON.writeValueAsString(List.of(rw));
    assertTrue(json.contains("\"writable\":true") && json.contains("\"committing\":true"), json);
    assertEquals(List.of(rw), JSON.readValue(json, new TypeReference<List<MountRecord>>() {}));
    MountRecord next = rw.onVersion(4, "cd34").committing(false);
    assertEquals(new MountRecord("/mnt/rw", "cats", 4, "cd34", true, false), next);
    assertEquals("cats@v4", next.label());
  }
}
