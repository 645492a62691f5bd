package io.datafs.core.repo;

import io.datafs.core.chunk.ChunkRef;
import io.datafs.core.error.DatafsException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvStore;
import io.datafs.core.kv.Table;
import io.datafs.core.pack.PackEntry;
import io.datafs.core.pack.PackReader;
import io.datafs.core.store.FileContent;
import io.datafs.core.store.LocalObjects;
import io.datafs.core.store.MetadataObjects;
import io.datafs.core.tree.TreeWalker;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads every object and checks every hash. The whole-store check reads each pack (its name must be its
 * hash, each object must hash to its id), each metadata row, then walks each version: every page, every
 * chunk list, every file's content against its id. A damaged object is reported once with every path that
 * uses it, so a user knows which files are affected.
 */
final class Verifier {
  private final Path packsDir;
  private final KvStore kv;
  private final LocalObjects objects;
  private final MetadataObjects metadata;
  private final FileContent content;
  private final List<String> problems = new ArrayList<>();
  /** Damaged object -> where it was found, then the paths that use it. */
  private final Map<ObjectId, String> damaged = new LinkedHashMap<>();
  private final Map<ObjectId, List<String>> usedBy = new LinkedHashMap<>();
  private final Set<ObjectId> checkedFiles = new HashSet<>();
  private long packs;
  private long objectCount;
  private long files;

  Verifier(Path packsDir, KvStore kv, LocalObjects objects, MetadataObjects metadata, FileContent content) {
    this.packsDir = packsDir;
    this.kv = kv;
    this.objects = objects;
    this.metadata = metadata;
    this.content = content;
  }

  VerifyReport verifyStore(List<Version> versions) {
    checkPacks();
    checkMetadataRows();
    return verifyVersions(versions);
  }

  VerifyReport verifyVersions(List<Version> versions) {
    for (Version v : versions) checkVersion(v);
    for (var e : damaged.entrySet()) {
      List<String> users = usedBy.getOrDefault(e.getKey(), List.of());
      problems.add(e.getValue()
          + (users.isEmpty() ? " (used by no version)" : "; used by " + String.join(", ", users)));
    }
    return new VerifyReport(packs, objectCount, versions.size(), files, List.copyOf(problems));
  }

  private void checkPacks() {
    List<Path> files;
    try (Stream<Path> s = Files.walk(packsDir, 2)) {
      files = s.filter(p -> Files.isRegularFile(p) && !p.getParent().getFileName().toString().equals("tmp"))
          .sorted().toList();
    } catch (IOException e) {
      if (!Files.exists(packsDir)) return;
      problems.add("cannot list " + packsDir + ": " + e.getMessage());
      return;
    }
    for (Path f : files) {
      packs++;
      String name = f.getFileName().toString();
      ObjectId packId;
      try {
        packId = ObjectId.fromHex(name);
      } catch (IllegalArgumentException e) {
        problems.add("stray file in packs: " + f);
        continue;
      }
      try (PackReader r = PackReader.open(f)) {
        if (!r.computeId().equals(packId)) problems.add("pack " + name + " does not hash to its name");
        for (PackEntry e : r.entries()) {
          objectCount++;
          try {
            r.read(e);
          } catch (DatafsException ex) {
            damaged.putIfAbsent(e.id(), e.type().name().toLowerCase().replace('_', ' ') + " " + e.id().hex()
                + " in pack " + name + " is corrupt");
          }
        }
      } catch (DatafsException e) {
        problems.add("pack " + name + " is damaged: " + e.getMessage());
      }
      objects.evict(packId);
    }
  }

  private void checkMetadataRows() {
    kv.scan(Table.METADATA, new byte[0], (k, v) -> {
      ObjectId id = ObjectId.of(k);
      if (!ObjectId.hash(v).equals(id)) damaged.putIfAbsent(id, "metadata object " + id.hex()
          + " is corrupt in the index");
      return true;
    });
  }

  private void checkVersion(Version v) {
    String label = v.label();
    try {
      TreeWalker.walk(metadata, v.rootId(), (path, e) -> {
        if (e.isFile()) checkFile(label + ":" + path, e);
        return true;
      });
    } catch (DatafsException e) {
      problems.add(label + ": " + e.getMessage());
    }
  }

  private void checkFile(String where, io.datafs.core.tree.TreeEntry e) {
    files++;
    List<ChunkRef> chunks;
    try {
      chunks = content.chunks(e);
    } catch (DatafsException ex) {
      problems.add(where + ": " + ex.getMessage());
      return;
    }
    boolean broken = false;
    for (ChunkRef c : chunks) {
      if (damaged.containsKey(c.id())) {
        usedBy.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(where);
        broken = true;
      }
    }
    if (broken || !checkedFiles.add(e.contentId())) return;
    try {
      content.copyTo(e, OutputStream.nullOutputStream());
    } catch (io.datafs.core.error.CorruptObjectException ex) {
      ObjectId bad = ex.objectId() == null ? e.contentId() : ex.objectId();
      damaged.putIfAbsent(bad, ex.getMessage());
      usedBy.computeIfAbsent(bad, k -> new ArrayList<>()).add(where);
    } catch (DatafsException | IOException ex) {
      problems.add(where + ": " + ex.getMessage());
    }
  }
}
