package io.datafs.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LDB's --file filter: PATH, NAME, SIZE and MTIME, with sizes and dates as targets only there. */
class FileQueryTest {
  /** 2024-01-01T10:00:00Z, in nanoseconds. */
  static final long TEN_AM = Instant.parse("2024-01-01T10:00:00Z").getEpochSecond() * 1_000_000_000L;
  static final long HALF_SECOND = 500_000_000L;

  @ParameterizedTest(name = "[{index}] {0} on {1}")
  @CsvSource(delimiter = '|', value = {
      "PATH == \"train/.*\" | train/x/a.jpg | 1 | 0 | true",
      "PATH == \"train/.*\" | val/train/a.jpg | 1 | 0 | false", // the whole path
      "NAME == \".*\\\\.jpg\" | train/x/a.jpg | 1 | 0 | true",
      "NAME == '.*\\.jpg' | a.jpg | 1 | 0 | true",
      "NAME == '.*\\.jpg' | a.jpg.json | 1 | 0 | false",
      "NAME == \"a\" | x/a | 1 | 0 | true",
      "NAME == \"x\" | x/a | 1 | 0 | false",
      "SIZE > 10K | a | 10241 | 0 | true",
      "SIZE > 10K | a | 10240 | 0 | false",
      "SIZE >= 10k | a | 10240 | 0 | true",
      "SIZE == 1.5M | a | 1572864 | 0 | true",
      "SIZE < 1G | a | 1073741823 | 0 | true",
      "SIZE < 1G | a | 1073741824 | 0 | false",
      "SIZE >= 2T | a | 2199023255552 | 0 | true",
      "SIZE <= 0.5K | a | 512 | 0 | true",
      "SIZE == 0 | a | 0 | 0 | true",
      "SIZE | a | 0 | 0 | true", // a number is truthy, 0 as well
      "SIZE > 10K AND NAME == '.*\\.jpg' | t/a.jpg | 20000 | 0 | true",
      "NOT PATH == 'train/.*' OR SIZE < 1K | train/a | 5000 | 0 | false"})
  void attributesAndSizes(String filter, String path, long size, long mtimeNanos, boolean expected) {
    assertEquals(expected, FileQuery.parse(filter).matches(path, size, mtimeNanos));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "MTIME >= 2024-01-01 | true",
      "MTIME < 2024-01-02 | true",
      "MTIME == 2024-01-01T10:00:00Z | true",
      "MTIME == 2024-01-01T10:00:00 | true", // UTC without an offset
      "MTIME == 2024-01-01T10:00 | true",
      "MTIME == 2024-01-01T12:00:00+02:00 | true",
      "MTIME > 2024-01-01T10:00:00Z | false",
      "MTIME == 1704103200 | true", // seconds since the epoch
      "MTIME == 1704103200.0 | true",
      "SIZE > 1K AND MTIME >= 2024-01-01 | true",
      "SIZE > 1K AND MTIME >= 2024-01-02 | false"})
  void datesAreSecondsSinceTheEpoch(String filter, boolean expected) {
    assertEquals(expected, FileQuery.parse(filter).matches("a", 2048, TEN_AM));
  }

  @Test
  void mtimeKeepsItsFractionOfASecond() {
    long later = TEN_AM + HALF_SECOND;
    assertTrue(FileQuery.parse("MTIME > 2024-01-01T10:00:00Z").matches("a", 1, later));
    assertTrue(FileQuery.parse("MTIME == 1704103200.5").matches("a", 1, later));
    assertTrue(FileQuery.parse("MTIME == 2024-01-01T10:00:00.5Z").matches("a", 1, later));
    assertTrue(FileQuery.parse("MTIME < 0").matches("a", 1, -HALF_SECOND)); // before the epoch
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "MTIME > 2024-13-01|9|bad date '2024-13-01': ",
      "SIZE > 10X|10|expected AND, OR, ')' or the end after the value, found 'X'",
      "SIZE > 10KB|10|expected AND, OR, ')' or the end after the value, found 'KB'",
      "SIZE >|7|expected a value after '>' (a number, a size such as 10K or 1.5M, a date such as 2024-01-01",
      "NAME = 'x'|6|'=' is not an operator"})
  void errorsNameTheFileFilter(String filter, int column, String expected) {
    QueryParseException e = assertThrows(QueryParseException.class, () -> FileQuery.parse(filter));
    assertTrue(e.getMessage().startsWith("file filter: column " + column + ": " + expected), e.getMessage());
  }

  @Test
  void sizesAndDatesAreNotTargetsOfAnAnnotationQuery() {
    // an annotation query keeps LDB's grammar: 10K and 2024-01-01 mean nothing there
    assertThrows(QueryParseException.class, () -> Query.parse("SIZE > 10K"));
    assertThrows(QueryParseException.class, () -> Query.parse("MTIME >= 2024-01-01"));
    assertFalse(FileQuery.parse("PATH == 'x'").matches("y", 0, 0));
    assertEquals("SIZE > 1K", FileQuery.parse("SIZE > 1K").text());
  }
}
