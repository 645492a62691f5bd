package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.remote.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `datafs doctor` on this machine: all well with a reachable remote; then the FUSE device replaced in a mount namespace
 * of its own (the machine's stays as it was), the remote's credentials wrong, and the remote stopped: each named in a
 * FAIL line with how to fix it, and exit 1.
 */
class DoctorTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void allWellThenEachProblemNamedWithExit1() throws Exception {
    Fuse.require();
    Datafs d;
    Datafs wrong;
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      s3.createBucket("doctor");
      d = homes.at(tmp.resolve("home")).withEnv("AWS_ACCESS_KEY_ID", S3ProxyServer.IDENTITY)
          .withEnv("AWS_SECRET_ACCESS_KEY", S3ProxyServer.CREDENTIAL).withEnv("AWS_REGION", "us-east-1");
      d.ok("remote", "add", "origin", "s3://doctor/reg", "--endpoint", "http://127.0.0.1:" + s3.port());
      d.stopDaemon();
      Datafs.Result well = d.run("doctor");
      List<String> lines = well.stdout().lines().toList();
      assertEquals(0, well.exit(), well.stdout() + well.err());
      assertTrue(lines.contains("ok    /dev/fuse: opens read-write"), well.stdout());
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("ok    libfuse: libfuse 2.")), well.stdout());
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("warn  remote origin (s3://doctor/reg at http://127.0.0.1:")
          && l.endsWith("answers, but holds no datafs.json yet: the first push writes it")), well.stdout());
      assertEquals("datafs can work here", lines.get(lines.size() - 1));
      assertTrue(lines.stream().allMatch(l -> l.startsWith("ok  ") || l.startsWith("warn") || l.equals(lines.get(
          lines.size() - 1))), well.stdout());

      // /dev/fuse replaced by a plain file, in a mount namespace of the check's own
      Path notFuse = Files.writeString(tmp.resolve("not-fuse"), "");
      Datafs.Result noFuse = d.shell("unshare -m sh -c 'mount --bind " + notFuse + " /dev/fuse && exec \"$DATAFS\""
          + " doctor'");
      assertEquals(1, noFuse.exit(), noFuse.stdout() + noFuse.err());
      assertTrue(noFuse.stdout().contains("FAIL  /dev/fuse: is not the FUSE device (character device 10:229)"),
          noFuse.stdout());
      assertTrue(noFuse.stdout().endsWith("1 problem(s): datafs cannot work here until fixed\n"), noFuse.stdout());

      wrong = d.withEnv("AWS_SECRET_ACCESS_KEY", "datafs-doctor-wrong-secret");
      Datafs.Result refused = wrong.run("doctor");
      assertEquals(1, refused.exit(), refused.stdout());
      assertTrue(refused.stdout().lines().anyMatch(l -> l.startsWith("FAIL  remote origin (s3://doctor/reg at ")),
          refused.stdout());
      assertTrue(!refused.stdout().contains("datafs-doctor-wrong-secret"), refused.stdout());
    }
    Datafs.Result stopped = d.run("doctor");
    assertEquals(1, stopped.exit(), stopped.stdout());
    String line = stopped.stdout().lines().filter(l -> l.startsWith("FAIL  remote origin")).findFirst().orElseThrow();
    assertTrue(line.endsWith("check that it runs and is reachable from here, and its credentials (datafs remote"
        + " --help)"), line);
  }
}
