package io.datafs.fs.overlay;

import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.kv.KvBatch;
import io.datafs.core.repo.Change;
import io.datafs.core.repo.ImportOptions;
import io.datafs.core.repo.ImportResult;
import io.datafs.core.repo.PublishHook;
import io.datafs.core.repo.VersionReader;
import io.datafs.core.sync.RemoteTarget;
import io.datafs.core.tree.TreeEntry;
import io.datafs.core.version.Version;
import io.datafs.fs.FsException;
import io.datafs.fs.overlay.Namespace.Resolved;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A commit of a writable mount, in steps a crash may stop anywhere:
 * <ol>
 *   <li>{@code sealed}: a copy of the staged nodes is taken; writes go on, and one to a sealed data file copies it
 *       first;
 *   <li>{@code built}: the sealed nodes are turned into changes;
 *   <li>{@code packed}: the repository has ingested them and written its packs (nothing published yet); the overlay
 *       is held still from here to the batch, then {@code rebased} (what stays staged over the new version is known)
 *       and {@code batched} (its rows are in the publishing batch): a failure at any of them publishes nothing and
 *       lets the overlay go, as it was;
 *   <li>{@code published}: one batch has published the version and moved the overlay onto it, keeping only what
 *       was written since the seal;
 *   <li>{@code done}: data files nothing uses any more are deleted.
 * </ol>
 * Until the batch, the store holds the old version and the whole overlay; after it, the new version and the rest.
 */
final class OverlayCommit {
  private final Staging staging;

  OverlayCommit(Staging staging) {
    this.staging = staging;
  }

  /** @param remote where the version is published too, before it is here (null: only here) */
  ImportResult run(ImportOptions options, boolean allowEmpty, RemoteTarget remote) {
    if (!staging.commitGate.tryLock()) {
      throw new ConflictException("a commit of " + staging.mountDir() + " is already under way");
    }
    Delta sealed = null;
    try {
      Version base;
      staging.lock();
      try {
        if (staging.delta().isEmpty() && !allowEmpty) {
          throw new InvalidInputException("nothing to commit in " + staging.mountDir()
              + ": no staged changes (--allow-empty makes a version anyway)");
        }
        sealed = staging.delta().copy();
        sealed.forEach((p, n) -> {
          if (n instanceof Node.File f && f.isStaged()) staging.sealed.add(f.data());
        });
        base = staging.base();
      } finally {
        staging.unlock();
      }
      staging.steps.reached("sealed");
      SortedMap<String, Change> changes = changes(sealed, new Namespace(staging.repo.reader(base), sealed));
      staging.steps.reached("built");
      return staging.repo.commit(base.record().datasetName(), base.record().number(), changes, options,
          publisher(sealed), remote);
    } finally {
      staging.lock();
      try {
        Set<String> done = new HashSet<>(staging.sealed);
        staging.sealed.clear();
        if (sealed != null) {
          for (String data : done) {
            if (!staging.delta().usesData(data)) staging.data().delete(data);
          }
        }
      } finally {
        staging.unlock();
        staging.commitGate.unlock();
      }
      staging.steps.reached("done");
    }
  }

  /**
   * The sealed nodes as changes to the base: each path's node becomes its entry, a whiteout a delete. A directory
   * that keeps what is below it keeps it by reference when that is its own base path (so a replay keeps what
   * others changed inside), else by tree id (it is inside a moved directory).
   */
  private SortedMap<String, Change> changes(Delta sealed, Namespace view) {
    SortedMap<String, Change> out = new TreeMap<>();
    sealed.forEach((path, n) -> {
      if (path.isEmpty()) return; // the root's attributes are not versioned, so never staged
      String name = Delta.name(path);
      if (n instanceof Node.Whiteout) {
        out.put(path, new Change.Delete());
      } else if (n instanceof Node.Dir d) {
        Resolved r = d.lower() == null ? view.resolve(path) : null;
        if (r != null && path.equals(r.origin())) {
          out.put(path, new Change.PutDir(d.mode(), d.mtimeNanos()));
        } else {
          ObjectId lower = d.lower() != null ? d.lower() : r.lowerDir();
          out.put(path, new Change.PutEntry(TreeEntry.dir(name, d.mode(), d.mtimeNanos(), 0, lower)));
        }
      } else if (n instanceof Node.Symlink s) {
        out.put(path, new Change.PutSymlink(s.target(), s.mtimeNanos()));
      } else {
        Node.File f = (Node.File) n;
        if (f.isStaged()) {
          var file = staging.data().path(f.data());
          if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("the staged content of /" + path + " is missing from "
                + staging.data().dir()
                + " (removed behind datafs's back): run `datafs discard` on it, or write it again");
          }
          BasicFileAttributes a = staging.data().stat(f.data());
          out.put(path, new Change.PutFile(file, f.mode(), DataFiles.nanos(a.lastModifiedTime())));
        } else {
          TreeEntry b = f.base();
          out.put(path, new Change.PutEntry(TreeEntry.file(name, f.mode(), b.size(), f.mtimeNanos(), 0, b.contentId(),
              b.chunkList())));
        }
      }
    });
    return out;
  }

  /** Moves the overlay onto the new version in the batch that publishes it, holding the overlay still meanwhile. */
  private PublishHook publisher(Delta sealed) {
    return new PublishHook() {
      private Delta rest;
      private VersionReader reader;
      private boolean locked;

      @Override
      public void prepare(Version v, KvBatch batch) {
        staging.steps.reached("packed");
        staging.lock();
        locked = true; // from here on, finished gives the lock back however prepare ends
        reader = staging.repo.reader(v);
        rest = rebase(staging.delta(), sealed, reader);
        staging.steps.reached("rebased");
        staging.rows().clear(batch, false);
        KvBatch rows = new KvBatch();
        staging.rows().drain(rest, rows);
        for (KvBatch.Op op : rows.ops()) batch.put(op.table(), op.key(), op.value());
        staging.rows().putMeta(batch, staging.meta(v));
        staging.steps.reached("batched");
      }

      @Override
      public void finished(Version v, boolean published) {
        if (!locked) return;
        try {
          if (published) {
            staging.steps.reached("published");
            staging.moveTo(v, reader, rest);
          }
        } finally {
          locked = false; // a commit that lost a race to its remote asks this hook again
          staging.unlock();
        }
      }
    };
  }

  /**
   * What stays staged over the new version: every node written since the seal (those equal to their sealed
   * selves are now in the version), plus a whiteout wherever the new version shows something the mount did not,
   * i.e. where a sealed node was removed since.
   */
  static Delta rebase(Delta live, Delta sealed, VersionReader next) {
    Delta rest = new Delta();
    live.forEach((p, n) -> {
      if (!n.equals(sealed.get(p))) rest.put(p, n);
    });
    Namespace after = new Namespace(next, rest);
    sealed.forEach((p, n) -> {
      if (p.isEmpty() || live.get(p) != null) return;
      try {
        Resolved r = after.resolve(p);
        if (r.exists() && r.node() == null) rest.put(p, Node.WHITEOUT);
      } catch (FsException e) {
        // a directory on the way is gone in the mount: nothing shows there
      }
    });
    return rest;
  }
}
