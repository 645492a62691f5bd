package io.datafs.core.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.id.ObjectId;
import io.datafs.core.version.DatasetName;
import io.datafs.core.version.TagName;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteLayoutTest {
  private final ObjectId id = ObjectId.hash("x".getBytes(UTF_8));
  private final DatasetName cats = new DatasetName("cats");

  @Test
  void keysAreThoseOfTheDesign() {
    assertEquals("datafs.json", RemoteLayout.FORMAT.value());
    assertEquals("packs/" + id.hex().substring(0, 2) + "/" + id.hex(), RemoteLayout.pack(id).value());
    assertEquals("index/" + id.hex(), RemoteLayout.index(id).value());
    assertEquals("versions/cats/12.json", RemoteLayout.version(cats, 12).value());
    assertEquals("tags/cats/release-1.json", RemoteLayout.tag(cats, new TagName("release-1")).value());
    assertEquals("versions/cats/", RemoteLayout.versions(cats));
    assertEquals("tags/cats/", RemoteLayout.tags(cats));
    assertEquals("labels/" + id.hex().substring(0, 2) + "/" + id.hex() + ".json", RemoteLayout.labelEvent(id).value());
    assertEquals("labels/", RemoteLayout.LABELS);
    assertThrows(IllegalArgumentException.class, () -> RemoteLayout.version(cats, 0));
  }

  @Test
  void keysParseBack() {
    assertEquals(new RemoteLayout.VersionKey(cats, 12), RemoteLayout.parseVersion(RemoteLayout.version(cats, 12)));
    assertEquals(new RemoteLayout.TagKey(cats, new TagName("best")),
        RemoteLayout.parseTag(RemoteLayout.tag(cats, new TagName("best"))));
    assertEquals(id, RemoteLayout.parsePack(RemoteLayout.pack(id)));
    assertEquals(id, RemoteLayout.parseIndex(RemoteLayout.index(id)));
    assertEquals(id, RemoteLayout.parseLabelEvent(RemoteLayout.labelEvent(id)));
  }

  @Test
  void keysARemoteShouldNotHoldAreRefused() {
    for (String bad : List.of("versions/cats/0.json", "versions/cats/01.json", "versions/cats/x.json",
        "versions/ca ts/1.json", "versions/cats/sub/1.json", "versions/dot.ted/1.json", "tags/cats/v3.json",
        "tags/cats/latest.json", "tags/b@d/t.json",
        "packs/00/" + id.hex(), "packs/" + id.hex(), "index/abc", "labels/00/" + id.hex() + ".json",
        "labels/" + id.hex() + ".json", "labels/" + id.hex().substring(0, 2) + "/" + id.hex(),
        "labels/" + id.hex().substring(0, 2) + "/" + id.hex().toUpperCase() + ".json", "labels/notes.txt")) {
      RemoteKey k = RemoteKey.of(bad);
      List<Runnable> parsers = new ArrayList<>(List.of(() -> RemoteLayout.parseVersion(k),
          () -> RemoteLayout.parseTag(k), () -> RemoteLayout.parsePack(k), () -> RemoteLayout.parseIndex(k),
          () -> RemoteLayout.parseLabelEvent(k)));
      for (Runnable p : parsers) assertThrows(InvalidInputException.class, p::run, bad);
    }
  }

  @Test
  void remoteKeysAreValidated() {
    for (String bad : new String[] {"", "/a", "a/", "a//b", "./a", "a/../b", "a\\b", "a\u0000b", "a\nb",
        "x".repeat(256), ("abc/").repeat(300) + "x", "\ud800"}) {
      assertThrows(InvalidInputException.class, () -> RemoteKey.of(bad), bad);
    }
    assertEquals("日本語.json", RemoteKey.of("u/日本語.json").name());
    assertTrue(RemoteKey.of("a/b").compareTo(RemoteKey.of("a/b/c")) < 0);
    // UTF-8 byte order, as S3 lists: U+FF61 sorts before U+1F600 (UTF-16 order would say the opposite)
    assertTrue(RemoteKey.of("\uff61").compareTo(RemoteKey.of("\ud83d\ude00")) < 0);
    assertThrows(InvalidInputException.class, () -> RemoteKey.checkPrefix("/x"));
    assertEquals("versions/ca", RemoteKey.checkPrefix("versions/ca"));
  }
}
