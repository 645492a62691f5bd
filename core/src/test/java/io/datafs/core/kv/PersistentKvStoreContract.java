package io.datafs.core.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract plus durability, for stores that keep their data across close and reopen. */
public abstract class PersistentKvStoreContract extends KvStoreContract {
  @Test
  void dataSurvivesCloseAndReopen() {
    KvBatch synced = new KvBatch().sync();
    for (Table t : Table.values()) synced.put(t, b(0x80, 1), s(t.name())).put(t, b(0x7f), s("low"));
    store().write(synced);
    store().write(new KvBatch().put(Table.REFS, s("unsynced"), s("kept")).delete(Table.META, b(0x7f)));
    store().write(new KvBatch()); // an empty batch is a no-op

    reopen();
    for (Table t : Table.values()) {
      assertEquals(t.name(), str(store().get(t, b(0x80, 1))));
      List<String> expected = switch (t) {
        case META -> List.of("8001");
        case REFS -> List.of(hex(s("unsynced")), "7f", "8001");
        default -> List.of("7f", "8001");
      };
      assertEquals(expected, keys(t, new byte[0]), t.name());
    }
    assertEquals("kept", str(store().get(Table.REFS, s("unsynced"))), "a clean close keeps unsynced batches");

    store().write(new KvBatch().put(Table.REFS, s("second"), s("open")).sync());
    reopen();
    assertEquals("open", str(store().get(Table.REFS, s("second"))));
  }
}
