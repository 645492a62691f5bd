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
import io.datafs.core.version.TagName;
import io.datafs.core.version.Version;
import io.datafs.core.version.VersionAddress;
import io.datafs.core.version.VersionCodec;
import io.datafs.core.version.VersionRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The datasets, versions and tags a remote holds, read without pulling anything. Everything read is checked as a
 * local store would check it: a record must hash to the id it is known by, be canonical JSON, sit under its own
 * dataset and number, and name the previous version as its parent; keys that no datafs name could form are
 * refused. A damaged remote is reported, never half-believed.
 */
public final class RemoteCatalog {
  private final Remote remote;

  public RemoteCatalog(Remote remote) {
    this.remote = remote;
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

  /** Version {@code n} of {@code ds}, checked on its own (not against its parent), or null when absent. */
  public Version find(DatasetName ds, long n) {
    byte[] bytes;
    try {
      bytes = remote.get(RemoteLayout.version(ds, n));
    } catch (RemoteObjectNotFoundException e) {
      return null;
    }
    return check(ds, n, bytes);
  }

  /** Versions 1..{@code upTo} of {@code ds}, oldest first, each one the parent of the next. */
  public List<Version> versions(DatasetName ds, long upTo) {
    List<Version> out = new ArrayList<>();
    ObjectId parent = null;
    for (long n = 1; n <= upTo; n++) {
      Version v = find(ds, n);
      if (v == null) throw new DatafsException("remote " + remote.url() + " lacks " + ds + "@v" + n + " below v" + upTo);
      String expected = parent == null ? null : parent.hex();
      if (!java.util.Objects.equals(v.record().parent(), expected)) {
        throw new CorruptObjectException(v.id(), "remote " + remote.url() + ": " + v.label()
            + " does not name v" + (n - 1) + " as its parent");
      }
      out.add(v);
      parent = v.id();
    }
    return out;
  }

  /** The tags of {@code ds}, by name. */
  public Map<String, TagRecord> tags(DatasetName ds) {
    Map<String, TagRecord> out = new TreeMap<>();
    for (RemoteKey k : remote.list(RemoteLayout.tags(ds))) {
      RemoteLayout.TagKey tk;
      try {
        tk = RemoteLayout.parseTag(k);
      } catch (InvalidInputException e) {
        throw damaged(e.getMessage());
      }
      if (!tk.dataset().equals(ds)) continue;
      TagRecord t = TagRecord.decode(remote.get(k), ds + "@" + tk.tag() + " on " + remote.url());
      if (!t.dataset().equals(ds) || !t.tag().equals(tk.tag())) throw damaged("tag " + k + " names another tag");
      out.put(tk.tag().value(), t);
    }
    return out;
  }

  /** A tag of {@code ds}, or null. */
  public TagRecord tag(DatasetName ds, TagName tag) {
    try {
      TagRecord t = TagRecord.decode(remote.get(RemoteLayout.tag(ds, tag)), ds + "@" + tag + " on " + remote.url());
      if (!t.dataset().equals(ds) || !t.tag().equals(tag)) throw damaged("tag " + ds + "@" + tag + " names another tag");
      return t;
    } catch (RemoteObjectNotFoundException e) {
      return null;
    }
  }

  /** The version an address names on this remote: latest, vN, a tag, or a unique id prefix. */
  public Version resolve(VersionAddress a) {
    DatasetName ds = a.dataset();
    SortedSet<Long> numbers = numbers(ds);
    if (numbers.isEmpty()) throw new NotFoundException("remote " + remote.url() + " has no dataset named '" + ds + "'");
    long head = numbers.last();
    long n = a.isLatest() ? head : a.number();
    if (n < 0) {
      TagRecord t = tagOrNull(ds, a.selector());
      if (t != null) {
        Version v = find(ds, t.version());
        if (v == null || !v.id().equals(t.id())) throw damaged("tag " + ds + "@" + t.tag() + " names a version it lacks");
        return v;
      }
      if (a.selector().matches("[0-9a-fA-F]{4,64}")) return byIdPrefix(ds, numbers, a.selector().toLowerCase());
    }
    Version v = n < 1 ? null : find(ds, n);
    if (v == null) {
      throw new NotFoundException("remote " + remote.url() + " has no version '" + a.selector() + "' of '" + ds
          + "' (latest is v" + head + ")");
    }
    return v;
  }

  private TagRecord tagOrNull(DatasetName ds, String selector) {
    TagName tag;
    try {
      tag = new TagName(selector);
    } catch (InvalidInputException e) {
      return null;
    }
    return tag(ds, tag);
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
    if (!ds.value().equals(r.dataset()) || r.number() != n) throw damaged("version record " + where + " names " + v.label());
    if (!Arrays.equals(VersionCodec.encode(r), bytes)) throw damaged("version record " + where + " is not canonical JSON");
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

  private CorruptObjectException damaged(String why) {
    return new CorruptObjectException(null, "remote " + remote.url() + " is damaged: " + why);
  }
}
