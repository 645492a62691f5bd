package io.datafs.cli;

import io.datafs.core.version.SemverChoice;
import picocli.CommandLine.Option;

/**
 * {@code --bump} and {@code --semver} of {@code import}, {@code commit} and {@code compose}: the new version's semver.
 */
public final class SemverOptions {
  @Option(names = "--bump", paramLabel = "LEVEL", description = "Give the version the next semantic version after the"
      + " dataset's highest: major, minor or patch (the first is 1.0.0, 0.1.0 or 0.0.1).")
  String bump;
  @Option(names = "--semver", paramLabel = "X.Y.Z", description = "Give the version this semantic version (2.1.0,"
      + " 3.0.0-rc.1), higher than the dataset's highest. DATASET@X.Y.Z then names it, and DATASET@^X the highest of"
      + " X.*.*.")
  String semver;

  /** What was asked, null for nothing; refuses both together, or either when it is not valid. */
  public SemverChoice choice() {
    return SemverChoice.of(bump, semver);
  }
}
