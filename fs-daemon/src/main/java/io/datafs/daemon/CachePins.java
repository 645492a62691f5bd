package io.datafs.daemon;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.datafs.core.cache.ChunkDiskCache;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.StoreIoException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.repo.ContentSelection;
import io.datafs.core.repo.Repository;
import io.datafs.core.select.PathPattern;
import io.datafs.core.store.HomeCheck;
import io.datafs.core.version.Version;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code datafs cache pin DS@V [PATH|GLOB...]} keeps out of the chunk cache's eviction. The pins are kept in
 * {@code $DATAFS_HOME/cache-pins.json} (replaced by rename), so they outlive the daemon; the cache is given their chunk
 * ids, found again by a walk of each pinned version when the daemon starts and whenever a pin is added or removed. A
 * pin holds chunks whether they are cached yet or not: those fetched later are held as they arrive.
 */
public final class CachePins {
  private static final System.Logger LOG = System.getLogger("datafs.cache");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** One pin: a version by its label ({@code cats@v3}) and the PATHs or GLOBs of it (none: all of it). */
  public record Pin(String version, List<String> paths) {
    public String describe() {
      return version + (paths.isEmpty() ? "" : " " + String.join(" ", paths));
    }
  }

  private final Path file;
  private final Repository repo;
  private final ChunkDiskCache cache;
  private final List<Pin> pins = new ArrayList<>(); // guarded by this

  CachePins(Path file, Repository repo, ChunkDiskCache cache) {
    this.file = file;
    this.repo = repo;
    this.cache = cache;
  }

  /** Reads the pins an earlier daemon kept and hands their chunks to the cache; one no longer resolving is logged. */
  synchronized void load() {
    try {
      pins.addAll(JSON.readValue(HomeCheck.read(file), new TypeReference<List<Pin>>() {}));
    } catch (NoSuchFileException none) {
      return;
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot read the cache pins " + file + ": " + e.getMessage());
      return;
    }
    if (repo.indexLost()) return; // nothing resolves until `verify --repair` rebuilt the index
    apply();
  }

  /**
   * Pins the files of {@code v} the patterns select (all of it when none).
   *
   * @throws InvalidInputException naming a pattern that selects no file of {@code v}
   */
  public synchronized ContentSelection pin(Version v, List<PathPattern> patterns) {
    ContentSelection s = repo.select(v, null, patterns);
    if (!s.unmatched().isEmpty()) {
      throw new InvalidInputException("no file of " + v.label() + " matches " + s.unmatched().stream()
          .map(p -> "'" + p.text() + "'").collect(Collectors.joining(", ")) + ": nothing pinned");
    }
    Pin pin = new Pin(v.label(), patterns.stream().map(PathPattern::text).toList());
    if (!pins.contains(pin)) {
      List<Pin> more = new ArrayList<>(pins);
      more.add(pin);
      save(more);
    }
    apply();
    return s;
  }

  /**
   * Removes the pins of {@code v} with exactly these paths, or (none given) every pin of {@code v}.
   *
   * @return the pins removed
   * @throws NotFoundException when no pin matches
   */
  public synchronized List<Pin> unpin(Version v, List<String> paths) {
    List<Pin> gone = pins.stream()
        .filter(p -> p.version().equals(v.label()) && (paths.isEmpty() || p.paths().equals(paths))).toList();
    if (gone.isEmpty()) {
      throw new NotFoundException("no pin of " + v.label() + (paths.isEmpty() ? "" : " " + String.join(" ", paths))
          + " (datafs cache lists the pins)");
    }
    List<Pin> fewer = new ArrayList<>(pins);
    fewer.removeAll(gone);
    save(fewer);
    apply();
    return gone;
  }

  public synchronized List<Pin> list() {
    return List.copyOf(pins);
  }

  /** The chunks of every pin that resolves; a version removed since is logged and holds nothing. */
  private void apply() {
    Set<ObjectId> chunks = new HashSet<>();
    for (Pin p : pins) {
      try {
        List<PathPattern> patterns = p.paths().stream().map(PathPattern::parse).toList();
        chunks.addAll(repo.select(repo.resolve(p.version()), null, patterns).chunks());
      } catch (DatafsException e) {
        LOG.log(System.Logger.Level.WARNING, "cache pin " + p.describe() + " holds nothing: " + e.getMessage());
      }
    }
    cache.pin(chunks);
  }

  /** Writes {@code next} and only then makes it the pins: a pin that could not be kept is no pin. */
  private void save(List<Pin> next) {
    try {
      HomeCheck.replace(file, JSON.writeValueAsBytes(next));
    } catch (IOException e) {
      throw new StoreIoException("writing the cache pins " + file, e);
    }
    pins.clear();
    pins.addAll(next);
  }
}
