package io.datafs.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.label.LabelEvent;
import io.datafs.core.remote.LocalFolderRemote;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.remote.RemoteUrl;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LabelSyncContract} on a folder remote, and a label event far over its cap (a sparse file of 3 GiB). */
class LabelSyncTest extends LabelSyncContract {
  private Path remoteDir;

  @Override
  protected Remote open() throws Exception {
    remoteDir = Files.createDirectories(tmp.resolve("remote"));
    return new LocalFolderRemote(RemoteUrl.parse(remoteDir.toString()));
  }

  @Test
  void anOversizedLabelEventIsRefusedWithoutReadingIt() throws Exception {
    LabelEvent e = labelsA.apply(files, List.of(CAT), true, "ana").get(0);
    a.sync().push(remote, ref, null, TransferProgress.NONE);
    RemoteKey key = RemoteLayout.labelEvent(e.id());
    try (RandomAccessFile f = new RandomAccessFile(remoteDir.resolve(key.value()).toFile(), "rw")) {
      f.setLength(3L << 30);
    }
    remote.reset();
    CorruptObjectException x = assertThrows(CorruptObjectException.class,
        () -> b.sync().pull(remote, ref, "cats", true, TransferProgress.NONE));
    assertEquals("remote " + remote.url() + ": " + key + " is larger than 16 MiB, the most a label event may be: "
        + "refused", x.getMessage());
    assertTrue(remote.bytesDown() < (16 << 20) + 4096, "read " + remote.bytesDown());
    assertEquals(List.of(), labelsB.events());
    assertEquals(List.<ObjectId>of(), List.copyOf(labelsB.eventIds()));
  }
}
