package io.datafs.core.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.error.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Globs over dataset paths, matched against the whole path. */
class GlobTest {
  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(delimiter = '|', value = {
      "train/**/*.jpg | train/a.jpg | true",
      "train/**/*.jpg | train/x/a.jpg | true",
      "train/**/*.jpg | train/x/y/a.jpg | true",
      "train/**/*.jpg | train/x/a.png | false",
      "train/**/*.jpg | val/train/a.jpg | false", // the whole path
      "train/**/*.jpg | trainx/a.jpg | false",
      "*.jpg | a.jpg | true",
      "*.jpg | x/a.jpg | false", // '*' never crosses '/', and a pattern without '/' is no exception
      "*.jpg | .jpg | true",
      "**/*.jpg | a.jpg | true",
      "**/*.jpg | x/y/a.jpg | true",
      "** | a | true",
      "** | a/b/c | true",
      "train/** | train/a | true",
      "train/** | train/a/b | true",
      "train/** | train | false", // everything inside, not the entry itself
      "a/**/b | a/b | true",
      "a/**/b | a/x/y/b | true",
      "a/**/b | a/xb | false",
      "a/**/**/b | a/b | true",
      "**/** | a/b | true",
      "a**b | axxb | true", // '**' inside an element is '*'
      "a**b | ax/xb | false",
      "img?.png | img1.png | true",
      "img?.png | img10.png | false",
      "img?.png | img/.png | false",
      "img[0-9].png | img7.png | true",
      "img[0-9].png | imgx.png | false",
      "img[!0-9].png | imgx.png | true",
      "img[^0-9].png | img7.png | false",
      "img[!a]x | img/x | false", // a negated class does not cross '/' either
      "[]a] | ] | true",
      "[]a] | a | true",
      "[a-] | - | true",
      "[\\]] | ] | true",
      "\\*.jpg | *.jpg | true",
      "\\*.jpg | a.jpg | false",
      "a.b | a.b | true",
      "a.b | axb | false", // regex metacharacters are literal
      "(x)+{1}$^. | (x)+{1}$^. | true",
      "caf\u00e9/*.jpg | caf\u00e9/\u00e9.jpg | true"})
  void matchesTheWholePath(String pattern, String path, boolean expected) {
    assertEquals(expected, Glob.parse(pattern).matches(path));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "~~|glob '': empty pattern",
      "/train/*.jpg|glob '/train/*.jpg': starts with '/'; a glob is matched against the whole path, relative to the"
          + " dataset root",
      "train/|glob 'train/': ends with '/'; to match everything inside, end it with '/**'",
      "a//b|glob 'a//b': empty path element at column 3",
      "img[0-9.png|glob 'img[0-9.png': unterminated '[' at column 4",
      "x/[!]|glob 'x/[!]': unterminated '[' at column 3",
      "a\\|glob 'a\\': '\\' escapes nothing at column 2"})
  void aBadPatternIsOneLineNamingIt(String pattern, String message) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Glob.parse(pattern));
    assertEquals(message, e.getMessage());
  }
}
