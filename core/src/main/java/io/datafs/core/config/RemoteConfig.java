package io.datafs.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteUrl;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The remotes a store knows, from the "remotes" and "defaultRemote" keys of config.json:
 * <pre>
 * { "remotes": { "origin": { "url": "s3://bucket/registry", "endpoint": "http://127.0.0.1:9000" } },
 *   "defaultRemote": "origin" }
 * </pre>
 * The environment overrides it ({@link #effective}): {@code DATAFS_REMOTE} picks another configured remote as the
 * default, {@code DATAFS_REMOTE_URL} makes a remote named "env" with that URL the default, and
 * {@code DATAFS_REMOTE_ENDPOINT} sets the default remote's endpoint. Credentials never appear here: each SDK
 * reads its own (AWS_*, AZURE_STORAGE_*).
 */
public record RemoteConfig(SortedMap<RemoteName, Entry> remotes, RemoteName defaultName) {
  public static final String ENV_REMOTE = "DATAFS_REMOTE";
  public static final String ENV_URL = "DATAFS_REMOTE_URL";
  public static final String ENV_ENDPOINT = "DATAFS_REMOTE_ENDPOINT";
  /** The name of the remote that DATAFS_REMOTE_URL defines. */
  public static final RemoteName ENV_NAME = new RemoteName("env");

  /** One configured remote; {@code endpoint} is null unless an S3-compatible server was named. */
  public record Entry(RemoteName name, RemoteUrl url, URI endpoint) {}

  /** A remote as commands see it, after the environment had its say. */
  public record Effective(Entry entry, boolean isDefault, boolean fromEnvironment) {}

  public RemoteConfig {
    remotes = Collections.unmodifiableSortedMap(new TreeMap<>(remotes));
  }

  public static RemoteConfig load(Path file) {
    return of(ConfigFile.load(file), file);
  }

  /** Adds a remote; the first one, or one added with {@code makeDefault}, becomes the default. */
  public static RemoteConfig add(Path file, Entry entry, boolean makeDefault) {
    return of(ConfigFile.update(file, root -> {
      RemoteConfig c = of(root, file);
      Entry existing = c.remotes.get(entry.name());
      if (existing != null) {
        throw new ConflictException("remote '" + entry.name() + "' already exists (" + existing.url()
            + "): remove it first");
      }
      SortedMap<RemoteName, Entry> next = new TreeMap<>(c.remotes);
      next.put(entry.name(), entry);
      return new RemoteConfig(next, makeDefault || c.defaultName == null ? entry.name() : c.defaultName)
          .writeInto(root);
    }), file);
  }

  /** Removes a remote (only from the configuration: nothing on the remote is touched). */
  public static RemoteConfig remove(Path file, RemoteName name) {
    return of(ConfigFile.update(file, root -> {
      RemoteConfig c = of(root, file);
      if (!c.remotes.containsKey(name)) throw new NotFoundException("no remote named '" + name + "'");
      SortedMap<RemoteName, Entry> next = new TreeMap<>(c.remotes);
      next.remove(name);
      return new RemoteConfig(next, name.equals(c.defaultName) ? null : c.defaultName).writeInto(root);
    }), file);
  }

  /** Every remote, the environment's included, with the default marked; relative paths are relative to {@code cwd}. */
  public List<Effective> effective(Map<String, String> env, Path cwd) {
    RemoteName def = defaultName;
    String pick = blankToNull(env.get(ENV_REMOTE));
    if (pick != null) {
      def = new RemoteName(pick);
      if (!remotes.containsKey(def)) throw new NotFoundException(ENV_REMOTE
          + " names no configured remote: '" + pick + "'");
    }
    String envUrl = blankToNull(env.get(ENV_URL));
    URI envEndpoint = RemoteOptions.parseEndpoint(env.get(ENV_ENDPOINT));
    List<Effective> out = new ArrayList<>();
    if (envUrl != null) {
      out.add(new Effective(new Entry(ENV_NAME, RemoteUrl.parse(envUrl, cwd), envEndpoint), true, true));
      def = null;
    }
    for (Entry e : remotes.values()) {
      if (envUrl != null && e.name().equals(ENV_NAME)) continue; // shadowed by the environment's
      boolean isDefault = e.name().equals(def);
      Entry shown = isDefault && envEndpoint != null ? new Entry(e.name(), e.url(), envEndpoint) : e;
      out.add(new Effective(shown, isDefault, false));
    }
    return out;
  }

  /** The remote that commands use when none is named. */
  public Optional<Effective> defaultRemote(Map<String, String> env, Path cwd) {
    return effective(env, cwd).stream().filter(Effective::isDefault).findFirst();
  }

  static RemoteConfig of(ObjectNode root, Path file) {
    SortedMap<RemoteName, Entry> remotes = new TreeMap<>();
    JsonNode section = root.path("remotes");
    if (!section.isMissingNode() && !section.isObject()) throw bad(file, "\"remotes\" must be an object");
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      try {
        RemoteName name = new RemoteName(f.getKey());
        String url = f.getValue().path("url").asText(null);
        if (url == null) throw new InvalidInputException("it has no url");
        URI endpoint = RemoteOptions.parseEndpoint(f.getValue().path("endpoint").asText(null));
        remotes.put(name, new Entry(name, RemoteUrl.parse(url, Path.of("/")), endpoint));
      } catch (InvalidInputException e) {
        throw bad(file, "remote '" + f.getKey() + "': " + e.getMessage());
      }
    }
    String def = root.path("defaultRemote").asText(null);
    RemoteName defaultName = def == null ? null : new RemoteName(def);
    if (defaultName != null && !remotes.containsKey(defaultName)) defaultName = null; // edited away by hand
    return new RemoteConfig(remotes, defaultName);
  }

  ObjectNode writeInto(ObjectNode root) {
    ObjectNode section = root.objectNode();
    for (Entry e : remotes.values()) {
      ObjectNode o = section.putObject(e.name().value());
      o.put("url", e.url().toString());
      if (e.endpoint() != null) o.put("endpoint", e.endpoint().toString());
    }
    root.set("remotes", section);
    if (defaultName != null) root.put("defaultRemote", defaultName.value());
    else root.remove("defaultRemote");
    return root;
  }

  private static InvalidInputException bad(Path file, String why) {
    return new InvalidInputException("config file " + file + ": " + why);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
