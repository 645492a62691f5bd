package io.datafs.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.RemoteGcRunningException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * A pusher's side of the remote GC protocol (ARCHITECTURE.md, "GC of a remote"): before it lists or uploads, a push
 * creates {@code gc/pending/<random>.json} naming every pack its versions need, then checks that no GC is running;
 * it deletes the marker last, after its records. A GC keeps every pack a marker names, and a pusher that finds a GC
 * running stops with nothing uploaded.
 * <pre>{"created":"2026-12-07T15:20:00Z","packs":["9f2c...",...]}</pre>
 */
public final class PushMarker implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A marker as a GC reads it back. */
  public record Contents(Instant created, List<ObjectId> packs) {}

  private final Remote remote;
  private final RemoteKey key;

  private PushMarker(Remote remote, RemoteKey key) {
    this.remote = remote;
    this.key = key;
  }

  /**
   * Announces a push needing {@code packs}, then checks for a GC.
   *
   * @throws RemoteGcRunningException when a GC is under way (the marker is deleted again)
   */
  public static PushMarker announce(Remote remote, Collection<ObjectId> packs) {
    byte[] bytes = encode(Instant.now(), packs);
    RemoteKey key;
    do {
      byte[] random = new byte[16];
      RANDOM.nextBytes(random);
      key = RemoteLayout.gcPending(HexFormat.of().formatHex(random));
    } while (remote.create(key, bytes) == CreateResult.ALREADY_EXISTS);
    PushMarker marker = new PushMarker(remote, key);
    if (remote.size(RemoteLayout.GC_RUNNING).isPresent()) {
      marker.close();
      throw new RemoteGcRunningException("a GC of remote " + remote.url() + " is under way (" + runningSince(remote)
          + "): push again when it has finished");
    }
    return marker;
  }

  private static String runningSince(Remote remote) {
    try {
      return "since " + JSON.readTree(remote.get(RemoteLayout.GC_RUNNING)).path("started").asText("?");
    } catch (IOException | RuntimeException gone) { // finished meanwhile, or damaged: the message still stands
      return "since an unknown time";
    }
  }

  /**
   * Withdraws the marker: after the push's records, or when it failed. Best effort: a marker left behind only keeps
   * its packs until a GC takes it as abandoned, and must not turn a push that published into a failure.
   */
  @Override
  public void close() {
    try {
      remote.delete(key);
    } catch (io.datafs.core.error.DatafsException left) {
      // kept packs a little longer, nothing else
    }
  }

  static byte[] encode(Instant created, Collection<ObjectId> packs) {
    ObjectNode o = JSON.createObjectNode();
    o.put("created", created.toString());
    var list = o.putArray("packs");
    for (ObjectId p : packs) list.add(p.hex());
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a marker read from a remote; {@code where} names it in errors. */
  public static Contents decode(byte[] bytes, String where) {
    try {
      JsonNode o = JSON.readTree(bytes);
      if (o == null || !o.path("packs").isArray()) throw new InvalidInputException("no list of packs");
      List<ObjectId> packs = new ArrayList<>();
      for (JsonNode p : o.path("packs")) packs.add(ObjectId.fromHex(p.asText()));
      return new Contents(Instant.parse(o.path("created").asText()), packs);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("push marker " + where + " is damaged: " + e.getMessage());
    }
  }
}
