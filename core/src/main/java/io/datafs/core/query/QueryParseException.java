package io.datafs.core.query;

import io.datafs.core.error.InvalidInputException;

/**
 * A query, file filter or glob that does not parse. The message is one line: the language, the 1-based column and
 * what was expected there, as in {@code query: column 14: expected a value after '=='}.
 */
public final class QueryParseException extends InvalidInputException {
  private final int column;

  QueryParseException(String language, int column, String detail) {
    super(language + ": column " + column + ": " + detail);
    this.column = column;
  }

  /** The 1-based column (in characters) of the query text the error is about. */
  public int column() {
    return column;
  }
}
