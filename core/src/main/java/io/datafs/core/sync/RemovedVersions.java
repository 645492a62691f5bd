package io.datafs.core.sync;

import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.store.LocalRecords;
import io.datafs.core.store.Settings;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionCodec;
import java.util.List;
import java.util.Set;

/**
 * Before a push: the tombstones of the versions this store removed ({@code retain}) go to the remote, for the numbers
 * it lacks, so the versions pushed after them name a parent a reader there accepts ({@link RemoteCatalog#versions}).
 * A number the remote holds keeps its record: a version removed here only is not removed there.
 */
public final class RemovedVersions {
  private RemovedVersions() {}

  /** Creates (create-only) on {@code remote} the tombstones of {@code datasets} it lacks; returns how many. */
  public static int push(Remote remote, Settings settings, LocalRecords records, List<DatasetName> datasets) {
    if (remote.url().isReadOnly()) return 0; // the push refuses it, in its own words
    int created = 0;
    boolean formatted = false;
    for (DatasetName ds : datasets) {
      List<Version> tombstones = records.tombstones(ds);
      if (tombstones.isEmpty()) continue;
      if (!formatted) RemoteFormat.ensure(remote, settings); // the format file comes first on a new remote
      formatted = true;
      Set<Long> there = new RemoteCatalog(remote).numbers(ds);
      for (Version t : tombstones) {
        if (there.contains(t.record().number())) continue;
        remote.create(RemoteLayout.removed(ds, t.record().number(), t.id()), VersionCodec.encode(t.record()));
        created++;
      }
    }
    return created;
  }
}
