package io.datafs.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.core.chunk.ChunkerParams;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.store.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code datafs.json}, a remote's format file: the format version and the chunker parameters of the store that
 * initialised it, written once (create-only) by the first push. A remote chunked differently would store the same
 * files as different chunks, so pushing to it is refused; a newer format is refused by every command.
 * <pre>{"chunker":{"algorithm":"fastcdc-2020-normalized-2","avg":1048576,"max":4194304,"min":262144},"format":1}</pre>
 */
public record RemoteFormat(int format, ChunkerParams chunker) {
  /** The remote layout this datafs writes and reads. */
  public static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public byte[] encode() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode c = root.putObject("chunker");
    c.put("algorithm", chunker.algorithm()).put("avg", chunker.avg()).put("max", chunker.max())
        .put("min", chunker.min());
    root.put("format", format);
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a format file; a format newer than this datafs reads is refused before anything else is looked at. */
  static RemoteFormat decode(Remote remote, byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw bad(remote, "it is not JSON");
    }
    if (root == null || !root.path("format").canConvertToInt()) throw bad(remote, "it has no format version");
    int format = root.path("format").asInt();
    if (format > FORMAT) {
      throw new DatafsException("remote " + remote.url() + " was written by a newer datafs (format " + format
          + "; this one reads up to " + FORMAT + "): upgrade datafs");
    }
    if (format < 1) throw bad(remote, "format " + format + " is not one");
    JsonNode c = root.path("chunker");
    try {
      return new RemoteFormat(format, new ChunkerParams(c.path("algorithm").asText(), c.path("min").asInt(),
          c.path("avg").asInt(), c.path("max").asInt()));
    } catch (InvalidInputException e) {
      throw bad(remote, e.getMessage());
    }
  }

  /**
   * What the remote says, checked readable by this datafs.
   *
   * @throws NotFoundException when the remote holds no datafs data at all
   */
  public static RemoteFormat read(Remote remote) {
    try {
      return decode(remote, readFile(remote));
    } catch (RemoteObjectNotFoundException e) {
      throw new NotFoundException("remote " + remote.url() + " holds no datafs data (no " + RemoteLayout.FORMAT + ")");
    }
  }

  /** Read if the remote has no datafs data yet: an empty remote is an empty list, not an error. */
  public static boolean isInitialised(Remote remote) {
    if (remote.size(RemoteLayout.FORMAT).isPresent()) {
      read(remote); // a newer format is refused even for listing
      return true;
    }
    return false;
  }

  /**
   * Before a push: initialises the remote with this store's settings unless it has a format file, then insists
   * that the remote's chunking is this store's.
   */
  public static void ensure(Remote remote, Settings local) {
    RemoteFormat mine = new RemoteFormat(FORMAT, local.chunker());
    RemoteFormat theirs;
    try {
      theirs = decode(remote, readFile(remote)); // read first: pushing again writes nothing
    } catch (RemoteObjectNotFoundException e) {
      if (remote.create(RemoteLayout.FORMAT, mine.encode()) == CreateResult.CREATED) return;
      theirs = read(remote); // another store initialised it meanwhile
    }
    if (!theirs.chunker().equals(local.chunker())) {
      throw new ConflictException("remote " + remote.url() + " was initialised with different chunking ("
          + describe(theirs.chunker()) + ") than this store (" + describe(local.chunker())
          + "): push to another remote");
    }
  }

  private static byte[] readFile(Remote remote) {
    return RemoteLimits.read(remote, RemoteLayout.FORMAT, RemoteLimits.FORMAT_FILE, "a format file");
  }

  private static String describe(ChunkerParams p) {
    return p.algorithm() + " " + p.min() + "/" + p.avg() + "/" + p.max();
  }

  private static InvalidInputException bad(Remote remote, String why) {
    return new InvalidInputException("remote " + remote.url() + " has a damaged " + RemoteLayout.FORMAT + ": " + why);
  }
}
