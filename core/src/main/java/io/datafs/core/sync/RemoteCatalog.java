package io.datafs.core.sync;

import io.datafs.core.error.CorruptObjectException;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.error.RemoteObjectNotFoundException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteLayout;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.Semver;
import io.datafs.core.version.SemverRange;
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import io.datafs.core.version.VersionCodec;
import io.datafs.core.version.VersionRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The datasets, versions and tags a remote holds, read without pulling anything. Everything read is checked as a
 * local store would check it: a record must hash to the id it is known by, be canonical JSON, sit under its own
 * dataset and number, and name the previous version as its parent; keys that no datafs name could form are
 * refused. Every id a record is promised is held against it: the id this store saw the remote publish under that
 * name ({@link PublishedVersions}), the parent id its child names, the version id a tag names. Records are
 * create-only, so a record that breaks a promise was changed after it was published: that is damage, reported
 * naming the file, never a new version. Objects are read with a cap on their size ({@link RemoteLimits}). A
 * damaged remote is reported, never half-believed.
 */
public final class RemoteCatalog {
  /** The tags of a dataset this datafs accepts, by name, and a line for each tag it skipped (an older rule's name). */
  public record Tags(Map<String, TagRecord> usable, List<String> skipped) {}

  private final Remote remote;
  private final PublishedVersions published;

  /** A catalog that knows nothing of what the remote published before. */
  public RemoteCatalog(Remote remote) {
    this(remote, null);
  }

  /** @param published what this store saw the remote publish, or null */
  public RemoteCatalog(Remote remote, PublishedVersions published) {
    this.remote = remote;
    this.published = published;
  }

  public Remote remote() {
    return remote;
  }

  /** The datasets with at least one version, by name. */
  public SortedSet<DatasetName> datasets() {
    SortedSet<DatasetName> out = new TreeSet<>();
    for (RemoteKey k : remote.list(RemoteLayout.VERSIONS)) out.add(parse(k).dataset());
    return out;
  }

  /** The version numbers the remote has for {@code ds}, ascending. */
  public SortedSet<Long> numbers(DatasetName ds) {
    SortedSet<Long> out = new TreeSet<>();
    for (RemoteKey k : remote.list(RemoteLayout.versions(ds))) {
      RemoteLayout.VersionKey vk = parse(k);
      if (vk.dataset().equals(ds)) out.add(vk.number());
    }
    return out;
  }

  /** The latest version number of {@code ds} on the remote, 0 when it has none. */
  public long head(DatasetName ds) {
    SortedSet<Long> n = numbers(ds);
    return n.isEmpty() ? 0 : n.last();
  }

  /**
   * Version {@code n} of {@code ds}, checked on its own and against the id this store saw the remote publish it as
   * (not against its parent), or null when absent.
   */
  public Version find(DatasetName ds, long n) {
    RemoteKey key = RemoteLayout.version(ds, n);
    byte[] bytes;
    try {
      bytes = RemoteLimits.read(remote, key, RemoteLimits.VERSION_RECORD, "a version record");
    } catch (RemoteObjectNotFoundException e) {
      return null;
    }
    Version v = check(ds, n, bytes);
    ObjectId promised = published == null ? null : published.idOf(ds, n);
    if (promised != null && !promised.equals(v.id())) {
      if (remote.size(RemoteLayout.removed(ds, n, promised)).isPresent()) {
        throw new DatafsException("remote " + remote.url() + " removed " + ds + "@v" + n + " (" + promised.shortHex(12)
            + "), which this store holds, and " + ds + "@v" + n + " there is now another version ("
            + v.id().shortHex(12) + "): remove it here too (datafs rm " + ds + "@v" + n
            + " --local) to follow the remote");
      }
      throw changed(key, "it hashes to " + v.id().shortHex(12) + ", but this store saw it published as "
          + promised.shortHex(12));
    }
    return v;
  }

  /**
   * The versions up to {@code upTo} of {@code ds}, oldest first, each one the parent of the next, or, after versions
   * the remote removed ({@code retain}), naming as its parent the version its tombstone says was removed.
   */
  public List<Version> versions(DatasetName ds, long upTo) {
    List<Version> out = new ArrayList<>();
    Version previous = null;
    for (long n = 1; n <= upTo; n++) {
      Version v = find(ds, n);
      if (v == null) continue; // removed, or missing: the next version there says which
      boolean afterGap = n > (previous == null ? 1 : previous.record().number() + 1);
      if (afterGap && removedParent(v) == null) {
        throw new DatafsException("remote " + remote.url() + " lacks " + ds + "@v" + (n - 1) + " below v" + upTo
            + " and has no tombstone saying it was removed");
      }
      String expected = afterGap ? v.record().parent() : previous == null ? null : previous.id().hex();
      if (!Objects.equals(v.record().parent(), expected)) throw brokenChain(previous, v);
      out.add(v);
      previous = v;
    }
    return out;
  }

  /**
   * The tombstone of the version {@code v} names as its parent ({@code removed/<ds>/<N>-<id>.json}: the removed
   * record, checked as a record and against the id it is filed under), or null when the remote has none.
   */
  public Version removedParent(Version v) {
    long n = v.record().number() - 1;
    if (v.record().parent() == null || n < 1) return null;
    DatasetName ds = v.record().datasetName();
    ObjectId id = ObjectId.fromHex(v.record().parent());
    RemoteKey key = RemoteLayout.removed(ds, n, id);
    byte[] bytes;
    try {
      bytes = RemoteLimits.read(remote, key, RemoteLimits.VERSION_RECORD, "a tombstone");
    } catch (RemoteObjectNotFoundException e) {
      return null;
    }
    Version removed = check(ds, n, bytes);
    if (!removed.id().equals(id)) throw damaged(key + " holds " + removed.id().shortHex(12) + ", not the id it names");
    return removed;
  }

  /** A record that does not name the one before it as its parent: one of the two was changed. */
  private CorruptObjectException brokenChain(Version previous, Version v) {
    RemoteKey key = RemoteLayout.version(v.record().datasetName(), v.record().number());
    String parent = v.record().parent();
    String names = parent == null ? "no parent" : ObjectId.fromHex(parent).shortHex(12) + " as its parent";
    if (previous == null) return changed(key, "the first version names " + names);
    DatasetName ds = previous.record().datasetName();
    long n = previous.record().number();
    RemoteKey before = RemoteLayout.version(ds, n);
    if (published != null && previous.id().equals(published.idOf(ds, n))) {
      return changed(key, "it names " + names + ", but this store saw " + before + " published as "
          + previous.id().shortHex(12)); // the one before is as published, so this one was changed
    }
    return new CorruptObjectException(v.id(), "remote " + remote.url() + ": " + before + " hashes to "
        + previous.id().shortHex(12) + ", but " + key + " names " + names
        + ": one of them was changed after it was published");
  }

  /** The tags of {@code ds}: a tag whose name this datafs refuses (an older one allowed it) is skipped, not damage. */
  public Tags tags(DatasetName ds) {
    Map<String, TagRecord> out = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    for (RemoteKey k : remote.list(RemoteLayout.tags(ds))) {
      RemoteLayout.TagKey tk;
      try {
        tk = RemoteLayout.parseTag(k);
      } catch (InvalidInputException e) {
        String written = RemoteLayout.tagAsWritten(k);
        if (written == null) throw damaged(e.getMessage());
        skipped.add("skipped the remote's tag " + ds + "@" + written + ": " + TagName.problem(written));
        continue;
      }
      if (!tk.dataset().equals(ds)) continue;
      out.put(tk.tag().value(), read(k, ds, tk.tag()));
    }
    return new Tags(out, List.copyOf(skipped));
  }

  /** The highest semantic version among the names of {@code ds}'s tags (one listing, no record read), or null. */
  public Semver highestSemver(DatasetName ds) {
    List<String> names = new ArrayList<>();
    for (RemoteKey k : remote.list(RemoteLayout.tags(ds))) {
      String name = RemoteLayout.tagAsWritten(k);
      if (name != null) names.add(name);
    }
    List<Semver> all = SemverRange.semvers(names);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  /** A tag of {@code ds}, or null. */
  public TagRecord tag(DatasetName ds, TagName tag) {
    try {
      return read(RemoteLayout.tag(ds, tag), ds, tag);
    } catch (RemoteObjectNotFoundException e) {
      return null;
    }
  }

  private TagRecord read(RemoteKey key, DatasetName ds, TagName tag) {
    byte[] bytes = RemoteLimits.read(remote, key, RemoteLimits.TAG_RECORD, "a tag record");
    TagRecord t = TagRecord.decode(bytes, ds + "@" + tag + " on " + remote.url());
    if (!t.dataset().equals(ds) || !t.tag().equals(tag)) throw damaged("tag " + key + " names another tag");
    return t;
  }

  /**
   * The version an address names on this remote: latest, vN, a tag, the highest semantic version in a range
   * ({@code ^1}), or a unique id prefix.
   */
  public Version resolve(VersionAddress a) {
    DatasetName ds = a.dataset();
    SortedSet<Long> numbers = numbers(ds);
    if (numbers.isEmpty()) throw new NotFoundException("remote " + remote.url() + " has no dataset named '" + ds + "'");
    long head = numbers.last();
    long n = a.isLatest() ? head : a.number();
    if (n < 0 && SemverRange.looksLikeRange(a.selector())) {
      Map<String, TagRecord> tags = tags(ds).usable();
      return tagged(ds, tags.get(SemverRange.parse(a.selector()).highestOf(ds, tags.keySet()).toString()));
    }
    if (n < 0) {
      TagRecord t = tagOrNull(ds, a.selector());
      if (t != null) return tagged(ds, t);
      if (a.selector().matches("[0-9a-fA-F]{4,64}")) return byIdPrefix(ds, numbers, a.selector().toLowerCase());
    }
    Version v = n < 1 ? null : find(ds, n);
    if (v == null) {
      throw new NotFoundException("remote " + remote.url() + " has no version '" + a.selector() + "' of '" + ds
          + "' (latest is v" + head + ")");
    }
    return v;
  }

  /** The version a tag names, which must hash to the id the tag promises. */
  private Version tagged(DatasetName ds, TagRecord t) {
    Version v = find(ds, t.version());
    RemoteKey tagKey = RemoteLayout.tag(ds, t.tag());
    if (v == null) throw damaged(tagKey + " names " + ds + "@v" + t.version() + ", which the remote lacks");
    if (!v.id().equals(t.id())) {
      throw new CorruptObjectException(v.id(), "remote " + remote.url() + ": " + RemoteLayout.version(ds, t.version())
          + " hashes to " + v.id().shortHex(12) + ", but " + tagKey + " names " + t.id().shortHex(12)
          + ": one of them was changed after it was published");
    }
    return v;
  }

  private TagRecord tagOrNull(DatasetName ds, String selector) {
    return TagName.isValid(selector) ? tag(ds, new TagName(selector)) : null;
  }

  private Version byIdPrefix(DatasetName ds, SortedSet<Long> numbers, String prefix) {
    List<Version> hits = new ArrayList<>();
    for (long n : numbers) {
      Version v = find(ds, n);
      if (v != null && v.id().hex().startsWith(prefix)) hits.add(v);
    }
    if (hits.size() > 1) throw new InvalidInputException("version id prefix '" + prefix + "' is ambiguous in " + ds);
    if (hits.isEmpty()) {
      throw new NotFoundException("remote " + remote.url() + " has no version '" + prefix + "' of '" + ds + "'");
    }
    return hits.get(0);
  }

  /** A record read from the remote, checked as a local store would have written it. */
  private Version check(DatasetName ds, long n, byte[] bytes) {
    String where = ds + "@v" + n + " on " + remote.url();
    Version v;
    try {
      v = VersionCodec.decode(bytes);
    } catch (CorruptObjectException e) {
      throw damaged("version record " + where + " is unreadable");
    }
    VersionRecord r = v.record();
    if (r.format() > VersionRecord.FORMAT) {
      throw new DatafsException("version record " + where + " has format " + r.format() + "; this datafs reads up to "
          + VersionRecord.FORMAT + ": upgrade datafs");
    }
    if (!ds.value().equals(r.dataset()) || r.number() != n) throw damaged("version record " + where + " names "
        + v.label());
    if (!Arrays.equals(VersionCodec.encode(r), bytes)) throw damaged("version record " + where
        + " is not canonical JSON");
    try {
      ObjectId.fromHex(r.root());
      if (r.parent() != null) ObjectId.fromHex(r.parent());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw damaged("version record " + where + " has a bad root or parent id");
    }
    return v;
  }

  private RemoteLayout.VersionKey parse(RemoteKey k) {
    try {
      return RemoteLayout.parseVersion(k);
    } catch (InvalidInputException e) {
      throw damaged(e.getMessage());
    }
  }

  private CorruptObjectException changed(RemoteKey key, String how) {
    return new CorruptObjectException(null, "remote " + remote.url() + ": " + key
        + " was changed after it was published: " + how);
  }

  private CorruptObjectException damaged(String why) {
    return new CorruptObjectException(null, "remote " + remote.url() + " is damaged: " + why);
  }
}
