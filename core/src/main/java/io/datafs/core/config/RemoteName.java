package io.datafs.core.config;

import io.datafs.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** A configured remote's name ("origin"): 1 to 64 of [A-Za-z0-9_-]. */
public record RemoteName(String value) implements Comparable<RemoteName> {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public RemoteName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new InvalidInputException("invalid remote name '" + value + "': use 1 to 64 of A-Z a-z 0-9 _ -");
    }
  }

  @Override
  public int compareTo(RemoteName o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
