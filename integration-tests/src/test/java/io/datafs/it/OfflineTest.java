package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.remote.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose S3 remote (S3Proxy) is stopped: every command that needs only local data works, offline or not; every
 * one that needs the remote fails in one line (no stack trace), saying the remote is unreachable, or, offline
 * ({@code --offline}, {@code DATAFS_OFFLINE=1}), that it was not contacted; nothing changes locally.
 */
class OfflineTest {
  static final String BUCKET = "registry";

  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;
  private S3ProxyServer s3;

  @AfterEach
  void stopS3() throws Exception {
    if (s3 != null) s3.close();
  }

  @Test
  void localCommandsWorkAndRemoteOnesSaySoInOneLine() throws Exception {
    Fuse.require();
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    s3 = S3ProxyServer.start();
    s3.createBucket(BUCKET);
    Path src = Trees.sample(tmp.resolve("src"));
    Datafs a = homes.at(tmp.resolve("a")).withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
        .withEnv("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL).withEnv("AWS_REGION", "us-east-1");
    String url = "s3://" + BUCKET + "/ml";
    a.ok("remote", "add", "origin", url, "--endpoint", s3.endpoint().toString());
    a.ok("import", src.toString(), "cats");
    a.ok("push");
    Trees.write(src.resolve("change.txt"), "v2".getBytes());
    a.ok("import", src.toString(), "cats");
    a.ok("tag", "cats@v2", "best");
    s3.close();
    s3 = null;

    // the remote stopped: what needs it says so in one line, and nothing changes here
    for (String[] needsRemote : new String[][] {{"push"}, {"pull", "cats"}, {"log", "cats", "--remote"},
        {"datasets", "--sync"}, {"rm", "cats@v2", "--all", "--force"}, {"reset", "cats@v1", "--hard", "--force"}}) {
      String err = a.fails(1, needsRemote);
      assertTrue(err.startsWith("datafs: remote " + url + " is unreachable: "),
          String.join(" ", needsRemote) + ": " + err);
    }
    assertEquals(2, a.ok("log", "cats", "--json").json().size());

    // offline: what needs only this store works
    Datafs offline = homes.at(tmp.resolve("a")).withEnv("DATAFS_OFFLINE", "1");
    offline.ok("log", "cats");
    offline.ok("ls", "cats@best", "-R");
    offline.ok("show", "cats@v1");
    offline.ok("diff", "cats@v1", "cats@v2");
    offline.ok("datasets");
    offline.ok("verify");
    Path out = tmp.resolve("out");
    offline.ok("export", "cats@v2", out.toString());
    Trees.assertSameTree(src, out);
    // what reads the remote says what is unknown without it
    for (Datafs.Result sync : new Datafs.Result[] {offline.ok("datasets", "--sync"),
        a.ok("--offline", "datasets", "--sync"), a.ok("datasets", "--sync", "--offline")}) {
      assertEquals("cats unknown here v2 origin ?", sync.stdout().strip().replaceAll(" +", " "));
      assertTrue(sync.err().contains("offline: the state of each dataset on origin (" + url + ") is unknown"),
          sync.err());
    }
    // what needs the remote is refused before contacting it
    String notContacted = "datafs: remote " + url + " not contacted: datafs is offline (--offline or DATAFS_OFFLINE=1)";
    for (String[] needsRemote : new String[][] {{"push"}, {"pull", "cats"}, {"log", "cats", "--remote"},
        {"datasets", "--remote"}, {"rm", "cats@v2", "--remote", "--force"}}) {
      assertEquals(notContacted, offline.fails(1, needsRemote));
    }
    assertEquals(notContacted, a.fails(1, "--offline", "push"));
    assertEquals(notContacted, a.fails(1, "--offline", "get", url, "cats@v1", tmp.resolve("got").toString(),
        "--endpoint", "http://127.0.0.1:1"));
    assertTrue(offline.fails(1, "reset", "cats@v1", "--hard", "--force").contains("but datafs is offline"));
    assertEquals("datafs: no version v9 in dataset 'cats' (latest is v2) here; offline, so remote origin (" + url
        + ") was not asked", offline.fails(1, "mount", "cats@v9", mnt.toString()));
    a.ok("--offline", "mount", "cats@v2", mnt.toString());
    assertEquals("v2", Files.readString(mnt.resolve("change.txt")));
    a.ok("umount", mnt.toString());
    assertEquals(2, a.ok("log", "cats", "--json").json().size());
  }
}
