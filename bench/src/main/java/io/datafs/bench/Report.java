package io.datafs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark report: a Markdown table per section, with the machine it ran on. Sections are grouped in
 * blocks marked with HTML comments ({@code <!-- bench:mount -->} ... {@code <!-- /bench:mount -->}), so a run of
 * some blocks only ({@code --only mount}) can replace those blocks in an existing report and keep the others.
 */
final class Report {
  private final StringBuilder head = new StringBuilder();
  private final Map<String, StringBuilder> blocks = new LinkedHashMap<>();
  private final boolean partial;
  private StringBuilder current = head;

  Report(boolean quick) {
    this(quick, false);
  }

  /** {@code partial}: only some blocks run; each says when it was measured, and {@link #write} merges. */
  Report(boolean quick, boolean partial) {
    this.partial = partial;
    head.append("# datafs benchmark report\n\n");
    head.append("Run ").append(stamp(quick)).append(".\n");
  }

  /** Starts a block; the sections that follow belong to it. */
  void block(String key) {
    current = new StringBuilder();
    blocks.put(key, current);
    if (partial) {
      current.append("\n_This part was measured on its own (`--only ").append(key).append("`), ")
          .append(stamp(false)).append("; the sections outside it are from the run dated at the top._\n");
    }
  }

  void section(String title) {
    current.append("\n## ").append(title).append("\n\n| what | measured | against the baseline |\n|---|---|---|\n");
  }

  void row(String what, String measured, String ratio) {
    current.append("| ").append(what).append(" | ").append(measured).append(" | ").append(ratio).append(" |\n");
  }

  /** A paragraph under the current section's table. */
  void note(String text) {
    current.append("\n").append(text).append("\n");
  }

  /**
   * Writes the report. A partial run keeps an existing file and replaces its blocks of the same keys (or appends
   * the blocks it lacks); a full run writes the whole file.
   */
  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String text;
    if (partial && Files.exists(file)) {
      text = Files.readString(file);
      for (Map.Entry<String, StringBuilder> b : blocks.entrySet()) {
        String open = "<!-- bench:" + b.getKey() + " -->";
        String close = "<!-- /bench:" + b.getKey() + " -->";
        int from = text.indexOf(open);
        int to = text.indexOf(close, Math.max(from, 0));
        String rendered = render(b.getKey(), b.getValue());
        if (from >= 0 && to > from) {
          text = text.substring(0, from) + rendered.strip() + text.substring(to + close.length());
        } else {
          text = text.stripTrailing() + "\n" + rendered;
        }
      }
    } else {
      StringBuilder all = new StringBuilder(head);
      for (Map.Entry<String, StringBuilder> b : blocks.entrySet()) all.append(render(b.getKey(), b.getValue()));
      text = all.toString();
    }
    Files.writeString(file, text.endsWith("\n") ? text : text + "\n");
  }

  private static String render(String key, StringBuilder body) {
    return "\n<!-- bench:" + key + " -->\n" + body.toString().stripLeading() + "<!-- /bench:" + key + " -->\n";
  }

  private static String stamp(boolean quick) {
    return Instant.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap for the bench JVM"
        + (quick ? "; QUICK mode (smaller data, not for the record)" : "");
  }
}
