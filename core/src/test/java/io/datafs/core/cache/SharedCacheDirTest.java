package io.datafs.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.config.ByteSize;
import io.datafs.core.config.CacheConfig;
import io.datafs.core.id.ObjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons (two users) over one {@code cache.dir}: each reads what the other cached, files are group-readable, and
 * a file rewritten behind their backs (another user of the group can) is never served, even after it was used intact.
 */
class SharedCacheDirTest {
  @TempDir Path tmp;

  @Test
  void eachReadsWhatTheOtherCachedAndARewrittenFileIsNeverServed() throws Exception {
    Path shared = tmp.resolve("shared");
    CacheConfig config = new CacheConfig(ByteSize.ofBytes(1L << 30), Optional.of(ByteSize.ofBytes(0)),
        Optional.of(shared));
    ChunkDiskCache alice = new ChunkDiskCache(tmp.resolve("alice/cache"), config);
    ChunkDiskCache bob = new ChunkDiskCache(tmp.resolve("bob/cache"), config);
    byte[] chunk = new byte[100_000];
    new Random(1).nextBytes(chunk);
    ObjectId id = ObjectId.hash(chunk);
    assertTrue(alice.put(id, chunk));

    Path file = shared.resolve("chunks").resolve(id.hex().substring(0, 2)).resolve(id.hex());
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertTrue(bob.contains(id), "bob sees what alice cached after he started");
    assertArrayEquals(chunk, bob.get(id));
    assertNull(bob.file(id), "no file is handed out to be read in place: it could change after its check");
    assertNull(alice.file(id));

    byte[] forged = chunk.clone();
    forged[50_000] ^= 1;
    Files.write(file, forged); // same size, in place: as a member of the group could
    assertNull(bob.get(id), "the forged bytes are not served, though bob used the file intact before");
    assertNull(alice.get(id), "nor to the daemon that wrote it");
    assertTrue(alice.put(id, chunk), "cached again, right");
    assertArrayEquals(chunk, bob.get(id));
    assertTrue(Files.notExists(tmp.resolve("alice/cache/chunks")), "the home's own cache directory is not used");
  }
}
