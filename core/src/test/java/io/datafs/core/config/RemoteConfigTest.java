package io.datafs.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.config.RemoteConfig.Effective;
import io.datafs.core.config.RemoteConfig.Entry;
import io.datafs.core.error.ConflictException;
import io.datafs.core.error.InvalidInputException;
import io.datafs.core.error.NotFoundException;
import io.datafs.core.remote.RemoteOptions;
import io.datafs.core.remote.RemoteUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteConfigTest {
  @TempDir Path home;
  private final Path cwd = Path.of("/work");

  private Path file() {
    return home.resolve("config.json");
  }

  private static Entry entry(String name, String url, String endpoint) {
    return new Entry(new RemoteName(name), RemoteUrl.parse(url, Path.of("/work")),
        RemoteOptions.parseEndpoint(endpoint));
  }

  @Test
  void addListRemove() throws Exception {
    assertEquals(List.of(), RemoteConfig.load(file()).effective(Map.of(), cwd));
    RemoteConfig.add(file(), entry("origin", "s3://bucket/registry", "http://127.0.0.1:9000"), false);
    RemoteConfig.add(file(), entry("backup", "/mnt/usb/registry", null), false);
    RemoteConfig c = RemoteConfig.load(file());
    assertEquals(new RemoteName("origin"), c.defaultName(), "the first remote becomes the default");
    assertEquals("http://127.0.0.1:9000", c.remotes().get(new RemoteName("origin")).endpoint().toString());
    assertEquals(List.of("backup", "origin"), c.remotes().keySet().stream().map(RemoteName::value).toList());

    RemoteConfig.add(file(), entry("azure", "az://container/p", null), true);
    assertEquals(new RemoteName("azure"), RemoteConfig.load(file()).defaultName());
    ConflictException dup = assertThrows(ConflictException.class,
        () -> RemoteConfig.add(file(), entry("origin", "s3://other", null), false));
    assertEquals("remote 'origin' already exists (s3://bucket/registry): remove it first", dup.getMessage());

    RemoteConfig.remove(file(), new RemoteName("azure"));
    assertEquals(null, RemoteConfig.load(file()).defaultName(), "removing the default leaves none");
    assertThrows(NotFoundException.class, () -> RemoteConfig.remove(file(), new RemoteName("azure")));
    String json = Files.readString(file());
    assertTrue(json.contains("\"url\" : \"file:///mnt/usb/registry\""), json);
  }

  @Test
  void keysOfOtherSectionsAreKept() throws Exception {
    Files.writeString(file(), "{\"cache\": {\"maxBytes\": 123}, \"remotes\": {}}");
    RemoteConfig.add(file(), entry("origin", "s3://bucket", null), false);
    assertEquals(123, ConfigFile.load(file()).path("cache").path("maxBytes").asInt());
  }

  @Test
  void theEnvironmentOverrides() {
    RemoteConfig.add(file(), entry("origin", "s3://bucket/registry", null), false);
    RemoteConfig.add(file(), entry("backup", "/mnt/b", null), false);
    RemoteConfig c = RemoteConfig.load(file());

    assertEquals("origin", c.defaultRemote(Map.of(), cwd).orElseThrow().entry().name().value());
    assertEquals("backup",
        c.defaultRemote(Map.of("DATAFS_REMOTE", "backup"), cwd).orElseThrow().entry().name().value());
    assertThrows(NotFoundException.class, () -> c.effective(Map.of("DATAFS_REMOTE", "nope"), cwd));

    Effective withEndpoint = c.defaultRemote(Map.of("DATAFS_REMOTE_ENDPOINT", "http://127.0.0.1:1234"), cwd)
        .orElseThrow();
    assertEquals("http://127.0.0.1:1234", withEndpoint.entry().endpoint().toString());

    List<Effective> env = c.effective(Map.of("DATAFS_REMOTE_URL", "rel/reg"), cwd);
    assertEquals(3, env.size());
    assertTrue(env.get(0).isDefault() && env.get(0).fromEnvironment());
    assertEquals("file:///work/rel/reg", env.get(0).entry().url().toString());
    assertFalse(env.get(1).isDefault() || env.get(2).isDefault());
    assertThrows(InvalidInputException.class, () -> c.effective(Map.of("DATAFS_REMOTE_URL", "gs://x"), cwd));
  }

  @Test
  void aBrokenFileIsNamed() throws Exception {
    Files.writeString(file(), "{\"remotes\": {\"origin\": {\"url\": \"gs://x\"}}}");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> RemoteConfig.load(file()));
    assertTrue(e.getMessage().startsWith("config file " + file() + ": remote 'origin': unknown remote scheme 'gs'"),
        e.getMessage());
    Files.writeString(file(), "{not json");
    e = assertThrows(InvalidInputException.class, () -> RemoteConfig.load(file()));
    assertTrue(e.getMessage().startsWith("config file " + file() + " is not valid JSON"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void concurrentAddsAreAllKept() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<RemoteConfig>> adds = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        Entry e = entry("r" + i, "s3://bucket/p" + i, null);
        adds.add(pool.submit(() -> RemoteConfig.add(file(), e, false)));
      }
      for (Future<RemoteConfig> f : adds) f.get();
    } finally {
      pool.shutdownNow();
    }
    assertEquals(32, RemoteConfig.load(file()).remotes().size());
  }
}
