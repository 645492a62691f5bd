package io.datafs.core.registry;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.RemoteNotFoundException;
import io.datafs.core.sync.RemoteBrowser;
import io.datafs.core.sync.RemoteCatalog;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.ImportSource;
import io.datafs.core.version.Version;

/**
 * What DVC's {@code update} asks of an imported version's source: is there a newer version of the source dataset?
 * The source must still hold the version imported, with the same id: a registry that moved, lost the dataset or that
 * version, or rewrote it, is reported in one line naming what is missing, never taken for "up to date".
 */
public final class SourceCheck {
  private SourceCheck() {}

  /** The source recorded in {@code imported}'s record. */
  public static ImportSource of(Version imported) {
    ImportSource s = imported.record().source();
    if (s == null) {
      throw new InvalidInputException(imported.label() + " was not imported from a registry (datafs import-version "
          + "makes such versions): nothing to update");
    }
    return s;
  }

  /**
   * The source dataset's latest version when it is newer than the one {@code imported} came from, or null when that is
   * still the latest.
   *
   * @throws NotFoundException when the source registry, its dataset or the version imported is gone
   */
  public static Version newer(RemoteBrowser source, Version imported) {
    ImportSource s = of(imported);
    String from = "the source of " + imported.label() + ", " + s.url();
    DatasetName ds = new DatasetName(s.dataset());
    RemoteCatalog catalog = source.catalog();
    long head;
    Version was;
    try {
      if (!source.initialised()) throw new NotFoundException(from + ", holds no datafs data: it moved or was emptied");
      head = catalog.head(ds);
      if (head == 0) throw new NotFoundException(from + ", no longer holds dataset '" + ds + "'");
      was = catalog.find(ds, s.number());
    } catch (RemoteNotFoundException e) {
      throw new NotFoundException(from + ", is gone (moved or deleted): " + e.getMessage());
    }
    if (was == null) {
      throw new NotFoundException(from + ", lost " + ds + "@v" + s.number() + ", the version imported (its latest is v"
          + head + ")");
    }
    if (!was.id().hex().equals(s.id())) {
      throw new NotFoundException(from + ", holds another " + ds + "@v" + s.number() + " than the one imported (id "
          + was.id().shortHex(12) + ", imported " + s.id().substring(0, 12) + "): it was rewritten");
    }
    return head > s.number() ? catalog.find(ds, head) : null;
  }
}
