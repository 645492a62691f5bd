package io.datafs.core.version;

import io.datafs.core.error.InvalidInputException;
import java.util.regex.Pattern;

/** A tag: 1 to 128 of [A-Za-z0-9._-], not "latest" and not a version number like "v3" (those mean versions). */
public record TagName(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  public TagName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new InvalidInputException("invalid tag '" + value + "': use 1 to 128 of A-Z a-z 0-9 . _ -");
    }
    if (value.equals("latest") || value.matches("v\\d+")) {
      throw new InvalidInputException("invalid tag '" + value + "': it would shadow a version address");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
