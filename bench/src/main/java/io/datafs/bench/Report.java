package io.datafs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The benchmark report: a Markdown table per section, with the machine it ran on. */
final class Report {
  private final StringBuilder md = new StringBuilder();

  Report(boolean quick) {
    md.append("# datafs benchmark report\n\n");
    md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ").append(Runtime.getRuntime().maxMemory() >> 20).append(" MiB max heap for the bench JVM")
        .append(quick ? "; QUICK mode (smaller data, not for the record)" : "").append(".\n");
  }

  void section(String title) {
    md.append("\n## ").append(title).append("\n\n| what | measured | against the baseline |\n|---|---|---|\n");
  }

  void row(String what, String measured, String ratio) {
    md.append("| ").append(what).append(" | ").append(measured).append(" | ").append(ratio).append(" |\n");
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, md.toString());
  }
}
