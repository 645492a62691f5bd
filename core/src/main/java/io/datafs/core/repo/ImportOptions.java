package io.datafs.core.repo;

import java.util.Map;

/** What a user says about a new version. */
public record ImportOptions(String message, String author, Map<String, String> metadata) {
  public ImportOptions {
    message = message == null ? "" : message;
    author = author == null || author.isBlank() ? defaultAuthor() : author;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  static String defaultAuthor() {
    String user = System.getenv("DATAFS_AUTHOR");
    if (user == null || user.isBlank()) user = System.getProperty("user.name", "unknown");
    return user;
  }
}
