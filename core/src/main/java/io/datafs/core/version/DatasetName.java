package io.datafs.core.version;

import io.datafs.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** A dataset's name: 1 to 128 of [A-Za-z0-9_-]. */
public record DatasetName(String value) implements Comparable<DatasetName> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  public DatasetName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new InvalidInputException("invalid dataset name '" + value + "': use 1 to 128 of A-Z a-z 0-9 _ -");
    }
  }

  @Override
  public int compareTo(DatasetName o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
