package io.datafs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BenchArgsTest {
  /** scripts/bench.sh passes its defaults first and the caller's arguments after them: the caller's must win. */
  @Test
  void aFlagGivenTwiceTakesTheLastValue() {
    String[] args = {"--work", "/tmp/w", "--report", "bench/report.md", "--quick", "--report", "/tmp/quick.md"};
    assertEquals("/tmp/quick.md", Bench.arg(args, "--report", "unset"));
    assertEquals("/tmp/w", Bench.arg(args, "--work", "unset"));
    assertEquals("unset", Bench.arg(args, "--only", "unset"));
  }
}
