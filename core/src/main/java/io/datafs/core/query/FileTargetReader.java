package io.datafs.core.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TARGET forms of a file filter: LDB's, plus sizes ({@code 10K}, {@code 1.5M}: 1024-based) for SIZE and dates
 * or instants ({@code 2024-01-01}, {@code 2024-01-01T10:00:00Z}; UTC unless an offset is given) for MTIME, both read
 * as numbers. Only here: a query over annotations keeps LDB's plain grammar.
 */
final class FileTargetReader extends TargetReader {
  static final FileTargetReader FILES = new FileTargetReader();

  private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([KMGTkmgt])(?![A-Za-z0-9_])");
  private static final Pattern INSTANT = Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?");
  private static final String UNITS = "KMGT";
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private FileTargetReader() {}

  @Override
  Literal read(QueryText q, int index, Operator operator) {
    Matcher instant = INSTANT.matcher(q.text).region(index, q.length());
    if (instant.lookingAt()) return new Literal(epochSeconds(q, index, instant), false, instant.end());
    Matcher size = SIZE.matcher(q.text).region(index, q.length());
    if (size.lookingAt()) return new Literal(bytes(size), false, size.end());
    return super.read(q, index, operator);
  }

  @Override
  String forms() {
    return "a number, a size such as 10K or 1.5M, a date such as 2024-01-01, a quoted string, or a JSON literal in"
        + " braces";
  }

  private static JsonNode bytes(Matcher size) {
    int power = UNITS.indexOf(Character.toUpperCase(size.group(2).charAt(0))) + 1;
    BigDecimal bytes = new BigDecimal(size.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
    return bytes.stripTrailingZeros().scale() <= 0 && bytes.compareTo(LONG_MAX) <= 0
        ? LongNode.valueOf(bytes.longValueExact())
        : DoubleNode.valueOf(bytes.doubleValue());
  }

  private static JsonNode epochSeconds(QueryText q, int index, Matcher instant) {
    String text = instant.group();
    try {
      Instant at;
      if (text.length() == 10) at = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
      else if (instant.group(1) != null) at = OffsetDateTime.parse(text).toInstant();
      else at = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      return FileQuery.seconds(at.getEpochSecond(), at.getNano());
    } catch (DateTimeParseException e) {
      throw q.error(index, "bad date '" + text + "': " + QueryText.oneLine(e.getMessage()));
    }
  }
}
