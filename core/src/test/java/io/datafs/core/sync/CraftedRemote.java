package io.datafs.core.sync;

import io.datafs.core.chunk.ChunkerParams;
import io.datafs.core.id.ObjectId;
import io.datafs.core.pack.ObjectCodec;
import io.datafs.core.pack.ObjectType;
import io.datafs.core.pack.PackIndex;
import io.datafs.core.pack.PackKind;
import io.datafs.core.pack.PackWriter;
import io.datafs.core.pack.Packs;
import io.datafs.core.pack.SealedPack;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.tree.LeafPage;
import io.datafs.core.tree.PageCodec;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Totals;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import io.datafs.core.version.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a hostile remote by hand, as no datafs would: a version whose root directory holds exactly the entries
 * given (names and symlinks a store would refuse), with every hash right, so only the checks of names, trees and
 * links can stop it. Also writes format files of other datafs versions or chunkers.
 */
public final class CraftedRemote {
  private CraftedRemote() {}

  /** datafs.json with this format and chunker. */
  public static void format(Remote remote, int format, ChunkerParams chunker) {
    remote.put(RemoteLayout.FORMAT, new RemoteFormat(format, chunker).encode());
  }

  /** A content chunk for crafted file entries: returns the file entry named {@code name} holding {@code content}. */
  public static TreeEntry file(String name, byte[] content) {
    return TreeEntry.file(name, 0644, content.length, 0, 1, ObjectId.hash(content), null);
  }

  /**
   * Publishes {@code ds@v1} whose root holds {@code entries} (file entries' content from {@code contents}), in a
   * data pack and a metadata pack built in {@code work}, on a remote with this datafs's format.
   */
  public static Version version(Remote remote, Path work, String ds, List<TreeEntry> entries, List<byte[]> contents) {
    format(remote, RemoteFormat.FORMAT, ChunkerParams.DEFAULT);
    byte[] page = PageCodec.encode(new LeafPage(entries)); // no name checks: that is the point
    ObjectId root = ObjectId.hash(page);
    try (PackWriter meta = PackWriter.create(work, PackKind.METADATA)) {
      meta.append(root, ObjectType.PAGE, ObjectCodec.encode(page, 0, page.length));
      upload(remote, work, meta.seal());
    }
    if (!contents.isEmpty()) {
      try (PackWriter data = PackWriter.create(work, PackKind.DATA)) {
        for (byte[] c : contents) data.append(ObjectId.hash(c), ObjectType.CHUNK, ObjectCodec.encode(c, 0, c.length));
        upload(remote, work, data.seal());
      }
    }
    Version v = VersionCodec.seal(new VersionRecord(VersionRecord.FORMAT, ds, 1, root.hex(), null, "crafted", "mallory",
        "2024-01-01T00:00:00Z", Map.of(), new Totals(entries.size(), 0, 0, 0)));
    remote.create(RemoteLayout.version(v.record().datasetName(), 1), VersionCodec.encode(v.record()));
    return v;
  }

  private static void upload(Remote remote, Path work, SealedPack p) {
    remote.put(RemoteLayout.pack(p.id()), Packs.path(work, p.id()));
    remote.put(RemoteLayout.index(p.id()), PackIndex.encode(p.entries()));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
