package io.datafs.core.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalFolderRemoteTest extends RemoteContract {
  @Override
  protected Remote open() throws Exception {
    return new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString()));
  }

  @Override
  protected Remote openMissing() {
    return new LocalFolderRemote(RemoteUrl.parse(tmp.resolve("no-such-folder").toString()));
  }

  @Test
  void objectsAreFilesAtTheirKeysAndTemporariesAreNotListed() throws Exception {
    remote().put(key("packs/ab/abc"), new byte[] {1, 2, 3});
    Path root = remote().url().folder();
    assertEquals(3, Files.size(root.resolve("packs/ab/abc")));
    // what an interrupted write leaves behind
    Files.write(root.resolve(LocalFolderRemote.TMP).resolve("obj-1.tmp"), new byte[] {9});
    assertEquals(List.of(key("packs/ab/abc")), remote().list(""));
    assertThrows(InvalidInputException.class, () -> remote().get(key(LocalFolderRemote.TMP + "/obj-1.tmp")));
  }

  @Test
  void filesNoKeyCouldNameAreNotObjects() throws Exception {
    Path root = remote().url().folder();
    Files.write(root.resolve("back\\slash"), new byte[] {1});
    remote().put(key("ok"), new byte[] {1});
    assertEquals(List.of(key("ok")), remote().list(""));
  }
}
