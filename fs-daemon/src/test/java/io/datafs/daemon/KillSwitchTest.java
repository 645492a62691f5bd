package io.datafs.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.fs.overlay.CommitSteps;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** DATAFS_KILL_AT: other steps pass; the named one ends the process with a real SIGKILL (in a child JVM). */
class KillSwitchTest {
  @Test
  void unsetOrBlankMeansNoKillPoint() {
    assertSame(CommitSteps.NONE, KillSwitch.of(null));
    assertSame(CommitSteps.NONE, KillSwitch.of("  "));
    KillSwitch.of("publish").reached("seal"); // another step: nothing happens
  }

  @Test
  void theNamedStepKillsTheProcessWithSigkill() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName())
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not end");
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(128 + 9, p.exitValue(), out);
    assertTrue(out.contains("before"), out);
    assertTrue(!out.contains("after"), "nothing runs after the kill point: " + out);
  }

  /** Passes one step, then reaches the kill point. */
  public static final class Child {
    public static void main(String[] args) {
      CommitSteps steps = KillSwitch.of("publish");
      steps.reached("seal");
      System.out.println("before");
      System.out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("after: shutdown hook ran")));
      steps.reached("publish");
      System.out.println("after the kill point");
      System.exit(0);
    }
  }
}
