package io.datafs.fs.fuse;

import java.nio.file.Path;
import java.time.Duration;

/** A stand-in daemon for the dead-mount test: mounts the sample, says so, and waits to be killed. */
public final class MountChild {
  public static void main(String[] args) throws Exception {
    FuseMount.mount(FuseTestSupport.sample(), Path.of(args[0]), "datafs:child", Duration.ofSeconds(20));
    System.out.print("mounted\n");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
