package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.remote.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset found on the second of three remotes (origin, the default, a folder; backup on S3Proxy; third, a folder),
 * a writable mount of a dataset that exists nowhere, and {@code log DS PATH} against what {@code diff} says of every
 * pair of consecutive versions.
 */
class FindAndHistoryTest {
  static final String BUCKET = "registry";
  private static S3ProxyServer s3;

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) s3.close();
  }

  private Datafs home(String name) {
    return homes.at(tmp.resolve(name)).withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
        .withEnv("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL).withEnv("AWS_REGION", "us-east-1");
  }

  private void threeRemotes(Datafs d) throws Exception {
    d.ok("remote", "add", "origin", Files.createDirectories(tmp.resolve("origin")).toString(), "--default");
    d.ok("remote", "add", "backup", "s3://" + BUCKET + "/find", "--endpoint", s3.endpoint().toString());
    d.ok("remote", "add", "third", Files.createDirectories(tmp.resolve("third")).toString());
  }

  @Test
  void aDatasetOnTheSecondOfThreeRemotesIsFoundThereAndANewOneStartsEmpty() throws Exception {
    Fuse.require();
    Datafs maker = home("maker");
    threeRemotes(maker);
    Path src = tmp.resolve("src");
    Trees.write(src.resolve("a/one.txt"), "one\n".getBytes());
    maker.ok("import", src.toString(), "dogs");
    maker.ok("push", "--remote", "backup");

    Datafs user = home("user");
    threeRemotes(user);
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    List<String> mounted = user.ok("mount", "dogs", mnt.toString()).lines();
    assertEquals("found dogs on backup (s3://" + BUCKET + "/find), not on origin", mounted.get(0), mounted.toString());
    assertTrue(mounted.get(1).startsWith("fetched the metadata of dogs@v1 from backup"), mounted.toString());
    assertEquals("one\n", Files.readString(mnt.resolve("a/one.txt")));
    user.ok("umount", mnt.toString());
    assertTrue(user.fails(1, "mount", "dogs@v2", mnt.toString()).contains("no remote holds dogs@v2 (asked origin,"
        + " backup, third)"));
    String pinned = user.fails(1, "pull", "dogs", "--remote", "third"); // pinned: backup is not asked
    assertTrue(pinned.contains("remote file://" + tmp.resolve("third") + " holds no datafs data"), pinned);
    Datafs puller = home("puller");
    threeRemotes(puller);
    assertTrue(puller.ok("pull", "dogs").stdout().startsWith("found dogs on backup (s3://" + BUCKET + "/find), not on"
        + " origin\npulled dogs@v1 from backup"));

    List<String> started = user.ok("mount", "birds", mnt.toString(), "--writable").lines();
    assertEquals("new dataset birds: it exists nowhere yet, so it starts empty as birds@v1", started.get(0));
    assertTrue(started.get(1).endsWith("writable; commits stay in this store: `datafs push` publishes them, or mount"
        + " with --remote origin to publish each commit"), started.toString());
    Trees.write(mnt.resolve("first.txt"), "first\n".getBytes());
    assertTrue(user.ok("commit", mnt.toString(), "-m", "first").stdout().startsWith("committed birds@v2 "));
    assertEquals(List.of("first.txt"), user.ok("ls", "birds").lines());
    user.ok("umount", mnt.toString());

    user.ok("mount", "fish", mnt.toString(), "--writable", "--remote", "third");
    Trees.write(mnt.resolve("fin.txt"), "fin\n".getBytes());
    assertTrue(user.ok("commit", mnt.toString(), "-m", "fin").stdout().strip().endsWith("; published to file://"
        + tmp.resolve("third")));
    assertEquals(2, user.ok("log", "fish", "--remote", "third").lines().size(), "the empty start went too");
  }

  @Test
  void theLogOfAPathIsTheVersionsWhoseDiffReportsItOrAPathBelowIt() throws Exception {
    Datafs d = home("log");
    Path src = tmp.resolve("src");
    Trees.write(src.resolve("a/one.txt"), "one\n".getBytes());
    Trees.write(src.resolve("b/two.txt"), "two\n".getBytes());
    Trees.write(src.resolve("gone.txt"), "gone\n".getBytes());
    d.ok("import", src.toString(), "cats");
    Trees.write(src.resolve("b/two.txt"), "two, again\n".getBytes());
    d.ok("import", src.toString(), "cats");
    Files.delete(src.resolve("gone.txt"));
    Trees.write(src.resolve("a/new.txt"), "new\n".getBytes());
    d.ok("import", src.toString(), "cats");
    Trees.write(src.resolve("a/one.txt"), "one, again\n".getBytes());
    d.ok("import", src.toString(), "cats");
    Trees.write(src.resolve("gone.txt"), "back\n".getBytes());
    d.ok("import", src.toString(), "cats");

    for (String path : List.of("a/one.txt", "a", "b/two.txt", "b", "gone.txt", "a/new.txt", "never")) {
      List<Long> expected = new ArrayList<>();
      if (path.startsWith("a") || path.startsWith("b") || path.equals("gone.txt")) expected.add(1L);
      for (long n = 2; n <= 5; n++) {
        boolean hit = d.ok("diff", "cats@v" + (n - 1), "cats@v" + n).lines().stream()
            .filter(l -> l.matches("[AMD] .*")).map(l -> l.substring(2).replaceAll("/$", ""))
            .anyMatch(p -> p.equals(path) || p.startsWith(path + "/"));
        if (hit) expected.add(n);
      }
      if (path.equals("a/new.txt")) expected.remove(1L);
      List<Long> got = new ArrayList<>();
      d.ok("log", "cats", path, "--json").json().forEach(v -> got.add(0, v.get("version").asLong()));
      assertEquals(expected, got, path);
    }
    assertEquals(List.of("M v4", "A v1"), d.ok("log", "cats", "a/one.txt").lines().stream()
        .map(l -> l.substring(0, 4)).toList());
    assertEquals(List.of("A v5", "D v3", "A v1"), d.ok("log", "cats", "gone.txt").lines().stream()
        .map(l -> l.substring(0, 4)).toList());
  }
}
