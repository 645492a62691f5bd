package io.datafs.core.label;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelCodecTest {
  static final Instant T = Instant.parse("2026-12-07T05:04:38.123456Z");
  static final ObjectId A = ObjectId.hash("a".getBytes(UTF_8));
  static final ObjectId B = ObjectId.hash("b".getBytes(UTF_8));
  /** How every event of these tests begins. */
  static final String ANA = "{\"add\":true,\"author\":\"ana\",\"format\":";

  @Test
  void anEventIsCanonicalJsonWithSortedListsAndItsIdIsItsHash() {
    LabelEvent e = LabelCodec.seal(T, "ana", true, List.of(new LabelName("dog"), new LabelName("cat"),
        new LabelName("cat")), List.of(B, A, B));
    String json = new String(LabelCodec.encode(e), UTF_8);
    List<ObjectId> sorted = A.compareTo(B) < 0 ? List.of(A, B) : List.of(B, A);
    assertEquals(ANA + "1,\"labels\":[\"cat\",\"dog\"],\"objects\":[\""
        + sorted.get(0).hex() + "\",\"" + sorted.get(1).hex() + "\"],\"time\":\"2026-12-07T05:04:38.123456Z\"}", json);
    assertEquals(ObjectId.hash(json.getBytes(UTF_8)), e.id());
    assertEquals(sorted, e.objects());
    assertEquals(e, LabelCodec.decode(e.id(), json.getBytes(UTF_8)));
  }

  @Test
  void aChangedEventIsRefused() {
    LabelEvent e = LabelCodec.seal(T, "ana", true, List.of(new LabelName("cat")), List.of(A));
    byte[] changed = new String(LabelCodec.encode(e), UTF_8).replace("\"add\":true", "\"add\":false").getBytes(UTF_8);
    CorruptObjectException x = assertThrows(CorruptObjectException.class, () -> LabelCodec.decode(e.id(), changed));
    assertEquals("label event " + e.id().shortHex(12) + " hashes to " + ObjectId.hash(changed).shortHex(12),
        x.getMessage());
  }

  @Test
  void whatHashesToItsNameButIsNoEventThisDatafsWritesIsRefused() {
    String a = A.hex();
    String b = B.hex();
    String lo = a.compareTo(b) < 0 ? a : b;
    String hi = a.compareTo(b) < 0 ? b : a;
    String time = "\"time\":\"2026-12-07T05:04:38.123456Z\"";
    List<String> bad = new ArrayList<>(List.of(
        "not json",
        ANA + "1,\"labels\":[\"cat\"],\"objects\":[\"" + lo + "\"], " + time + "}",
        ANA + "1,\"labels\":[\"cat\"],\"objects\":[\"" + hi + "\",\"" + lo + "\"],"
            + time + "}",
        ANA + "1,\"labels\":[\"cat\"],\"objects\":[\"" + lo + "\",\"" + lo + "\"],"
            + time + "}",
        ANA + "1,\"labels\":[\"cat\"],\"objects\":[\"" + lo.toUpperCase() + "\"],"
            + time + "}",
        ANA + "1,\"labels\":[\"dog\",\"cat\"],\"objects\":[\"" + lo + "\"]," + time + "}",
        ANA + "1,\"labels\":[\"c t\"],\"objects\":[\"" + lo + "\"]," + time + "}",
        ANA + "1,\"labels\":[],\"objects\":[\"" + lo + "\"]," + time + "}",
        ANA + "1,\"labels\":[\"cat\"],\"objects\":[]," + time + "}",
        ANA + "1,\"labels\":[\"cat\"],\"objects\":[\"abc\"]," + time + "}",
        ANA + "1,\"labels\":[\"cat\"],\"objects\":[\"" + lo + "\"],"
            + "\"time\":\"yesterday\"}",
        ANA + "1,\"labels\":[\"cat\"],\"objects\":[\"" + lo + "\"],"
            + "\"time\":\"2026-12-07T05:04:38.123456+01:00\"}",
        "{\"add\":true,\"format\":1,\"labels\":[\"cat\"],\"objects\":[\"" + lo + "\"]," + time + "}",
        "{\"add\":true,\"author\":\"ana\",\"extra\":1,\"format\":1,\"labels\":[\"cat\"],\"objects\":[\"" + lo + "\"],"
            + time + "}",
        ANA + "0,\"labels\":[\"cat\"],\"objects\":[\"" + lo + "\"]," + time + "}"));
    for (String json : bad) {
      byte[] bytes = json.getBytes(UTF_8);
      ObjectId id = ObjectId.hash(bytes);
      CorruptObjectException x = assertThrows(CorruptObjectException.class, () -> LabelCodec.decode(id, bytes), json);
      assertTrue(x.getMessage().startsWith("label event " + id.shortHex(12) + " "), x.getMessage());
      assertFalse(x.getMessage().contains("\n"), x.getMessage());
    }
  }

  @Test
  void aNewerFormatSaysToUpgrade() {
    byte[] json = (ANA + "2,\"labels\":[\"cat\"],\"objects\":[\"" + A.hex()
        + "\"],\"time\":\"2026-12-07T05:04:38Z\",\"weight\":3}").getBytes(UTF_8);
    DatafsException x = assertThrows(DatafsException.class, () -> LabelCodec.decode(ObjectId.hash(json), json));
    assertFalse(x instanceof CorruptObjectException);
    assertTrue(x.getMessage().endsWith("has format 2; this datafs reads up to 1: upgrade datafs"), x.getMessage());
  }

  @Test
  void anEventOfMoreObjectsThanAnEventHoldsIsRefused() {
    List<ObjectId> many = new ArrayList<>();
    for (int i = 0; i <= LabelEvent.MAX_OBJECTS; i++) many.add(ObjectId.hash(Integer.toString(i).getBytes(UTF_8)));
    LabelEvent e = LabelCodec.seal(T, "ana", true, List.of(new LabelName("cat")), many);
    byte[] json = LabelCodec.encode(e);
    CorruptObjectException x = assertThrows(CorruptObjectException.class, () -> LabelCodec.decode(e.id(), json));
    assertTrue(x.getMessage().contains("names 100001 objects and 1 labels; an event names 1 to 100000 objects"),
        x.getMessage());
  }
}
