package io.datafs.fs.fuse;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in daemon: mounts the sample at args[0], says so, then waits to be killed (args[1] =
 * "wait") or exits without unmounting ("exit").
 */
public final class MountChild {
  public static void main(String[] args) throws Exception {
    FuseMount.mount(FuseTestSupport.sample(), Path.of(args[0]), "datafs:child", Duration.ofSeconds(20));
    System.out.print("mounted\n");
    System.out.flush();
    if (args[1].equals("exit")) System.exit(0);
    new java.util.concurrent.CountDownLatch(1).await(); // until killed
  }
}
