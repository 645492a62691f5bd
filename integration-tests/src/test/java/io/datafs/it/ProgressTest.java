package io.datafs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The progress bar goes to a terminal's stderr, and nothing goes to a pipe. */
class ProgressTest {
  @RegisterExtension final Homes homes = new Homes();
  @TempDir Path tmp;

  @Test
  void progressOnATerminalNothingOnAPipe() throws Exception {
    Path src = tmp.resolve("src");
    for (int i = 0; i < 30; i++) Trees.write(src.resolve("f" + i), Trees.random(i, 2 << 20));
    Datafs datafs = homes.at(tmp.resolve("home"));

    Datafs.Result piped = datafs.ok("import", src.toString(), "ds");
    assertEquals("", piped.err(), "a pipe gets no progress");

    // script(1) runs the import on a pseudo-terminal and records what the terminal showed.
    Path typescript = tmp.resolve("typescript");
    Trees.Shell tty = Trees.sh("script", "-qec", "env DATAFS_HOME=" + datafs.home() + " " + Datafs.LAUNCHER
        + " import " + src + " ds2", typescript.toString());
    assertEquals(0, tty.exit(), tty.out());
    assertTrue(tty.out().contains("importing ds2"), "the terminal shows progress: " + tty.out());
    assertTrue(tty.out().contains("ds2@v1"), tty.out());
  }
}
