package io.datafs.core.query;

/** The comparison operators of a TERM, LDB's: {@code == != < > <= >=}. */
enum Operator {
  EQUAL("=="),
  NOT_EQUAL("!="),
  LESS_OR_EQUAL("<="),
  GREATER_OR_EQUAL(">="),
  LESS("<"),
  GREATER(">");

  private static final Operator[] LONGEST_FIRST = values();

  final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The operator written at {@code index} of {@code text}, or null. Two-character ones are tried first. */
  static Operator at(String text, int index) {
    for (Operator op : LONGEST_FIRST) {
      if (text.startsWith(op.symbol, index)) return op;
    }
    return null;
  }

  boolean isEquality() {
    return this == EQUAL || this == NOT_EQUAL;
  }

  /** Whether an ordering operator holds for a comparison result (negative, zero or positive). */
  boolean holdsFor(int comparison) {
    return switch (this) {
      case LESS -> comparison < 0;
      case GREATER -> comparison > 0;
      case LESS_OR_EQUAL -> comparison <= 0;
      case GREATER_OR_EQUAL -> comparison >= 0;
      case EQUAL -> comparison == 0;
      case NOT_EQUAL -> comparison != 0;
    };
  }
}
