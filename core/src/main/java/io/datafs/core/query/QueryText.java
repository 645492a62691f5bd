package io.datafs.core.query;

/** The text being parsed, the name of its language for messages, and the character tests the parsers share. */
final class QueryText {
  private static final int SNIPPET = 40;

  final String language;
  final String text;

  QueryText(String language, String text) {
    this.language = language;
    this.text = text;
  }

  int length() {
    return text.length();
  }

  char at(int index) {
    return text.charAt(index);
  }

  boolean isSpace(int index) {
    return index >= 0 && index < text.length() && Character.isWhitespace(text.charAt(index));
  }

  int skipSpace(int index) {
    while (isSpace(index)) index++;
    return index;
  }

  /**
   * Whether the keyword (AND, OR, NOT) stands at {@code index} as a word: after the start, a space or a parenthesis
   * and before a space, '(' or the end. So {@code ANDROID} and {@code a.OR} stay JMESPath.
   */
  boolean keywordAt(int index, String keyword) {
    if (!text.startsWith(keyword, index)) return false;
    boolean startsWord = index == 0 || isSpace(index - 1) || text.charAt(index - 1) == ')'
        || text.charAt(index - 1) == '(';
    int after = index + keyword.length();
    return startsWord && (after == text.length() || isSpace(after) || text.charAt(after) == '(');
  }

  /** Index of the quote closing the one at {@code open} ({@code '} {@code "} or a backtick); a backslash escapes. */
  int closingQuote(int open) {
    char quote = text.charAt(open);
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') i++;
      else if (c == quote) return i;
    }
    throw error(open, "unterminated " + (quote == '`' ? "JSON literal `" : "string " + quote));
  }

  /** The text from {@code from} to {@code to} as a message shows it: at most a few dozen characters. */
  String snippet(int from, int to) {
    String s = text.substring(from, Math.min(to, text.length()));
    return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "...";
  }

  /** What follows {@code index}, for "found ..." in a message. */
  String found(int index) {
    int end = index;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) end++;
    return "'" + snippet(index, Math.max(end, index + 1)) + "'";
  }

  QueryParseException error(int index, String detail) {
    return new QueryParseException(language, index + 1, detail);
  }

  /** Library messages can span lines; ours are one. */
  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
