package io.datafs.core.store;

import com.sun.security.auth.module.UnixSystem;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.error.UnsafeHomeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * A store home must be its user's own. A root daemon started on a home someone else prepared would otherwise append
 * to whatever a planted {@code daemon.log} link names and use the remote a planted {@code config.json} names. So the
 * home, and every file datafs opens in it, must belong to the user running datafs and be writable by nobody else; the
 * files are never opened through a symbolic link. Once the home passes (this user's, mode without group or other
 * write), nobody but this user and root can add, remove or swap an entry in it, which is what lets a check followed
 * by an open by name be trusted.
 */
public final class HomeCheck {
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIR =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final int GROUP_OR_OTHER_WRITE = 0022;
  private static final long MY_UID = new UnixSystem().getUid();

  private HomeCheck() {}

  /** Creates {@code home} with mode 0700 (its missing parents as usual) when it does not exist, then checks it. */
  public static void createHome(Path home) {
    try {
      if (!Files.exists(home)) {
        Files.createDirectories(home.toAbsolutePath().getParent());
        Files.createDirectory(home, OWNER_ONLY_DIR);
      }
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // made meanwhile: checked below like any other
    } catch (IOException e) {
      throw new StoreIoException("cannot create the store home " + home, e);
    }
    home(home);
  }

  /**
   * Refuses {@code home} when it is not a directory, belongs to another user, or is writable by group or others; a
   * home that does not exist passes (nothing is there yet). The home itself may be a link to a directory (a store on
   * another disk): the directory it names is checked.
   */
  public static void home(Path home) {
    if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) return;
    if (!Files.isDirectory(home)) throw new UnsafeHomeException("the store home " + home + " is not a directory");
    check(home, "the store home", true);
  }

  /**
   * Refuses {@code file} (named {@code what} in the message) when it is a symbolic link, belongs to another user, or
   * is writable by group or others. A file that does not exist passes: datafs creates it, as this user.
   */
  public static void file(Path file, String what) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return;
    if (Files.isSymbolicLink(file)) throw linked(what + " " + file);
    check(file, what, false);
  }

  /** The file's bytes, read without following a symbolic link (which is refused, naming the file). */
  public static byte[] read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return java.nio.channels.Channels.newInputStream(ch).readAllBytes();
    } catch (FileSystemException e) { // O_NOFOLLOW on a link fails with ELOOP: say what it is
      if (Files.isSymbolicLink(file)) throw linked(file.toString());
      throw e;
    }
  }

  /**
   * Opens {@code file} with {@code options}, creating it with mode 0600 when {@link StandardOpenOption#CREATE} is
   * among them, never through a symbolic link (refused, naming the file).
   */
  public static FileChannel open(Path file, OpenOption... options) throws IOException {
    Set<OpenOption> opts = new java.util.HashSet<>(Set.of(options));
    opts.add(LinkOption.NOFOLLOW_LINKS);
    try {
      return FileChannel.open(file, opts, OWNER_ONLY_FILE);
    } catch (FileSystemException e) {
      if (Files.isSymbolicLink(file)) throw linked(file.toString());
      throw e;
    }
  }

  /**
   * Replaces {@code file} with {@code bytes}: a 0600 temporary file beside it, synced, renamed over it, so a reader
   * sees the old bytes or the new, and a link in its place is replaced, never followed. The directory is synced
   * after the rename: until then a power cut may undo it, losing a change the caller was told was made.
   */
  public static void replace(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void check(Path p, String what, boolean followLink) {
    LinkOption[] how = followLink ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    Map<String, Object> attrs;
    try {
      attrs = Files.readAttributes(p, "unix:uid,mode", how);
    } catch (NoSuchFileException gone) {
      return;
    } catch (IOException e) {
      throw new StoreIoException("cannot check " + what + " " + p, e);
    }
    int uid = (Integer) attrs.get("uid");
    int mode = (Integer) attrs.get("mode");
    if (uid != MY_UID) {
      throw new UnsafeHomeException(what + " " + p + " belongs to user " + ownerName(p, how, uid) + ", not "
          + System.getProperty("user.name") + ": use a DATAFS_HOME of your own");
    }
    if ((mode & GROUP_OR_OTHER_WRITE) != 0) {
      throw new UnsafeHomeException(what + " " + p + " is writable by group or others (mode "
          + String.format("%04o", mode & 07777) + "): chmod go-w it, or use a DATAFS_HOME of your own");
    }
  }

  private static String ownerName(Path p, LinkOption[] how, int uid) {
    try {
      return Files.getOwner(p, how).getName();
    } catch (IOException e) {
      return "uid " + uid;
    }
  }

  private static UnsafeHomeException linked(String named) {
    return new UnsafeHomeException(named + " is a symbolic link: datafs follows no link in a store home; remove it");
  }
}
