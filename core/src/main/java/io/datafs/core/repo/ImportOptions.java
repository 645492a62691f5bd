package io.datafs.core.repo;

import io.datafs.core.error.InvalidInputException;
import io.datafs.core.version.SemverChoice;
import java.util.Map;

/**
 * What a user says about a new version. Metadata keys may not be empty, and no key or value may hold U+FFFD: that is
 * what bytes that are not UTF-8 become when a command line is decoded, so storing it would silently keep something
 * other than what the user typed. {@code indexAnnotations} false leaves the new version's annotations to be indexed
 * by its first query. {@code semver} is the semantic version the new version asks for ({@code --bump} or
 * {@code --semver}), null for none.
 */
public record ImportOptions(String message, String author, Map<String, String> metadata, boolean indexAnnotations,
                            SemverChoice semver) {
  private static final char REPLACEMENT = '\uFFFD';

  public ImportOptions {
    message = message == null ? "" : message;
    author = authorOr(author);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    metadata.forEach(ImportOptions::check);
  }

  public ImportOptions(String message, String author, Map<String, String> metadata, boolean indexAnnotations) {
    this(message, author, metadata, indexAnnotations, null);
  }

  public ImportOptions(String message, String author, Map<String, String> metadata) {
    this(message, author, metadata, true);
  }

  /** These options asking for {@code semver} instead. */
  public ImportOptions withSemver(SemverChoice choice) {
    return new ImportOptions(message, author, metadata, indexAnnotations, choice);
  }

  /** Checks a metadata key/value as a version's is checked (a dataset's metadata follows the same rules). */
  public static void checkMetadata(String key, String value) {
    check(key, value);
  }

  private static void check(String key, String value) {
    if (key.isEmpty()) throw new InvalidInputException("invalid metadata '=" + value + "': the key is empty");
    if (key.indexOf(REPLACEMENT) >= 0 || value.indexOf(REPLACEMENT) >= 0) {
      throw new InvalidInputException("invalid metadata '" + key + "=" + value + "': not valid UTF-8 (it holds U+FFFD,"
          + " what bytes that are not UTF-8 are read as)");
    }
  }

  /** {@code given}, or when blank $DATAFS_AUTHOR, else the user's name: who made a version or a label. */
  public static String authorOr(String given) {
    return given == null || given.isBlank() ? defaultAuthor() : given;
  }

  static String defaultAuthor() {
    String user = System.getenv("DATAFS_AUTHOR");
    if (user == null || user.isBlank()) user = System.getProperty("user.name", "unknown");
    return user;
  }
}
