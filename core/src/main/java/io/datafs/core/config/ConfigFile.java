package io.datafs.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.store.HomeCheck;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;

/**
 * {@code $DATAFS_HOME/config.json}: a JSON object that users may share and edit. Sections are owned by their
 * readers ({@link RemoteConfig} owns "remotes" and "defaultRemote"); keys nobody here knows are kept as they were.
 * Updates hold a lock on {@code config.json.lock} and replace the file by rename, so a reader sees the old file
 * or the new one and two updates never lose each other's change. No secret is ever written to it. Neither it nor its
 * lock is opened through a symbolic link ({@link HomeCheck}): a link planted in a shared home is refused.
 */
public final class ConfigFile {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ConfigFile() {}

  /** The file's object, or an empty one when there is no file. */
  public static ObjectNode load(Path file) {
    byte[] bytes;
    try {
      bytes = HomeCheck.read(file);
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new StoreIoException("reading " + file, e);
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new InvalidInputException("config file " + file + " is not valid JSON: "
          + why.lines().findFirst().orElse(""));
    }
    if (node == null || node.isMissingNode()) return JSON.createObjectNode();
    if (!node.isObject()) throw new InvalidInputException("config file " + file + " must hold a JSON object");
    return (ObjectNode) node;
  }

  /**
   * Reads, changes and writes the file under its lock. Synchronized as well: a file lock excludes other
   * processes, but two threads of one JVM asking for it get an OverlappingFileLockException.
   */
  public static synchronized ObjectNode update(Path file, UnaryOperator<ObjectNode> change) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      try (FileChannel lockFile = HomeCheck.open(dir.resolve(file.getFileName() + ".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock lock = lockFile.lock()) {
        ObjectNode updated = change.apply(load(file));
        write(file, JSON.writeValueAsBytes(updated));
        return updated;
      }
    } catch (IOException e) {
      throw new StoreIoException("writing " + file, e);
    }
  }

  private static void write(Path file, byte[] json) throws IOException {
    byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    HomeCheck.replace(file, line);
  }

}
