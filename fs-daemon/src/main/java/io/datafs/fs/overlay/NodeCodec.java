package io.datafs.fs.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.tree.EntryKind;
import io.datafs.core.tree.TreeEntry;
import java.io.IOException;

/** Nodes as the small JSON values of the overlay's rows: readable with any RocksDB tool, and few. */
final class NodeCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeCodec() {}

  static byte[] encode(Node node) {
    ObjectNode o = JSON.createObjectNode();
    if (node instanceof Node.Whiteout) {
      o.put("t", "whiteout");
    } else if (node instanceof Node.Dir d) {
      o.put("t", "dir").put("mode", d.mode()).put("mtime", d.mtimeNanos());
      if (d.lower() != null) o.put("lower", d.lower().hex());
      if (d.from() != null) o.put("from", d.from());
    } else if (node instanceof Node.File f) {
      o.put("t", "file").put("mode", f.mode()).put("mtime", f.mtimeNanos());
      if (f.data() != null) o.put("data", f.data());
      if (f.base() != null) o.set("base", entry(f.base()));
      if (f.from() != null) o.put("from", f.from());
    } else if (node instanceof Node.Symlink s) {
      o.put("t", "symlink").put("target", s.target()).put("mtime", s.mtimeNanos());
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Node decode(byte[] bytes) {
    JsonNode o;
    try {
      o = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new CorruptObjectException(null, "unreadable overlay row: " + e.getMessage());
    }
    return switch (o.path("t").asText()) {
      case "whiteout" -> Node.WHITEOUT;
      case "dir" -> new Node.Dir(o.get("mode").asInt(), o.get("mtime").asLong(), id(o.get("lower")),
          text(o.get("from")));
      case "file" -> new Node.File(o.get("mode").asInt(), o.get("mtime").asLong(), text(o.get("data")),
          o.has("base") ? entry(o.get("base")) : null, text(o.get("from")));
      case "symlink" -> new Node.Symlink(o.get("target").asText(), o.get("mtime").asLong());
      default -> throw new CorruptObjectException(null, "unknown overlay row: " + o);
    };
  }

  private static ObjectNode entry(TreeEntry e) {
    ObjectNode o = JSON.createObjectNode().put("name", e.name()).put("kind", e.kind().name()).put("mode", e.mode())
        .put("size", e.size()).put("mtime", e.mtimeNanos()).put("changedIn", e.changedIn());
    if (e.contentId() != null) o.put("content", e.contentId().hex());
    if (e.chunkList() != null) o.put("chunks", e.chunkList().hex());
    if (e.target() != null) o.put("target", e.target());
    return o;
  }

  private static TreeEntry entry(JsonNode o) {
    return new TreeEntry(o.get("name").asText(), EntryKind.valueOf(o.get("kind").asText()), o.get("mode").asInt(),
        o.get("size").asLong(), o.get("mtime").asLong(), o.get("changedIn").asLong(), id(o.get("content")),
        id(o.get("chunks")), text(o.get("target")));
  }

  private static ObjectId id(JsonNode n) {
    return n == null || n.isNull() ? null : ObjectId.fromHex(n.asText());
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
