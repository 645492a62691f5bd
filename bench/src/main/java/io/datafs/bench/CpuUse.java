package io.datafs.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used over a pass: by the whole machine (every process and the kernel, from /proc/stat) and by this
 * JVM, where the remote block's S3Proxy runs. On a shared 2-core machine the comparison of two clients is as much
 * about the CPU they need as about their wall time.
 */
record CpuUse(double machine, double server) {
  /** A reading to subtract from a later one. */
  static CpuUse now() throws Exception {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait, in clock ticks (USER_HZ 100)
    long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    long self = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    return new CpuUse(busy / 100.0, self / 1e9);
  }

  CpuUse since(CpuUse before) {
    return new CpuUse(machine - before.machine, server - before.server);
  }

  @Override
  public String toString() {
    return String.format("%.1f s (%.1f s)", machine, server);
  }
}
