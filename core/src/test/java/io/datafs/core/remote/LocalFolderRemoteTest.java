package io.datafs.core.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.RemoteAccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LocalFolderRemoteTest extends RemoteContract {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  @Override
  protected Remote open() throws Exception {
    return new LocalFolderRemote(RemoteUrl.parse(Files.createDirectories(tmp.resolve("remote")).toString()));
  }

  @Override
  protected Remote openMissing() {
    return new LocalFolderRemote(RemoteUrl.parse(tmp.resolve("no-such-folder").toString()));
  }

  /** A folder has no credentials; the nearest thing is a folder the user may not enter, which root always may. */
  @Override
  protected Remote openWithWrongCredentials() throws Exception {
    Assumptions.assumeFalse(ROOT, "a local folder has no credentials, and permission bits do not apply to root");
    Path locked = Files.createDirectories(tmp.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    return new LocalFolderRemote(RemoteUrl.parse(locked.toString()));
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

  @Test
  void aFolderWithoutPermissionIsAccessDenied() throws Exception {
    Assumptions.assumeFalse(ROOT, "permission bits do not apply to root");
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
    try (Remote r = new LocalFolderRemote(RemoteUrl.parse(ro.toString()))) {
      RemoteAccessDeniedException e = assertThrows(RemoteAccessDeniedException.class, () -> r.put(key("x"), new byte[] {1}));
      assertTrue(e.getMessage().contains("permission denied on remote file://" + ro), e.getMessage());
    }
  }
}
