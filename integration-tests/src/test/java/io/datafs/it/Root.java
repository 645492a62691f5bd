package io.datafs.it;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need root (tmpfs mounts, acting as another user) run for real on CI, which is root. A developer
 * without root may skip them only by saying so: DATAFS_SKIP_ROOT_TESTS=1.
 */
final class Root {
  private Root() {}

  static void require() {
    if ("root".equals(System.getProperty("user.name"))) return;
    boolean skip = "1".equals(System.getenv("DATAFS_SKIP_ROOT_TESTS"));
    Assumptions.assumeFalse(skip, "DATAFS_SKIP_ROOT_TESTS=1: skipping a test that needs root");
    fail("this test needs root (mounts a tmpfs or acts as another user); set DATAFS_SKIP_ROOT_TESTS=1 to skip it");
  }
}
