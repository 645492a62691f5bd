package io.datafs.core.remote;

import io.datafs.core.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a remote is: {@code file:///path} (or a plain path), {@code s3://bucket/prefix},
 * {@code az://container/prefix}, or {@code https://host[:port]/prefix} ({@code http://} too): a remote served by a
 * web server or CDN, read-only. Parsed once and kept canonical; {@link #toString()} gives it back. A URL never
 * holds credentials: those come from the SDKs' own sources (environment, profiles, connection strings).
 *
 * @param scheme   {@code file}, {@code s3}, {@code az}, {@code http} or {@code https}
 * @param location the absolute folder (file), bucket (s3), container (az) or host and port (http, https)
 * @param prefix   the key prefix every object of the remote is under, without leading or trailing '/'; "" for
 *                 none (always "" for file); for http(s) the path, percent-decoded
 */
public record RemoteUrl(String scheme, String location, String prefix) {
  public static final String FILE = "file";
  public static final String S3 = "s3";
  public static final String AZURE = "az";
  public static final String HTTP = "http";
  public static final String HTTPS = "https";
  private static final java.util.Set<String> SCHEMES = java.util.Set.of(FILE, S3, AZURE, HTTP, HTTPS);

  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);
  private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern AZ_CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
  /** A host name, an IPv4 address or a bracketed IPv6 one, and an optional port. */
  private static final Pattern HOST_PORT =
      Pattern.compile("([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

  public RemoteUrl {
    if (!SCHEMES.contains(scheme)) {
      throw new InvalidInputException("unknown remote scheme '" + scheme + "'");
    }
    if (scheme.equals(FILE) && !prefix.isEmpty()) throw new IllegalArgumentException("a file remote has no prefix");
  }

  /** Parses a URL or a path; a relative path is relative to {@code cwd}. */
  public static RemoteUrl parse(String text, Path cwd) {
    if (text == null || text.isBlank()) throw new InvalidInputException("empty remote URL");
    var m = SCHEME.matcher(text);
    if (!m.matches()) return folder(cwd.resolve(path(text, text)), text);
    String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
    String rest = m.group(2);
    String shown = redact(text);
    if (!SCHEMES.contains(scheme)) {
      throw new InvalidInputException("unknown remote scheme '" + scheme + "' in " + shown
          + ": use file:///path (or a path), s3://bucket/prefix, az://container/prefix or https://host/prefix");
    }
    if (!rest.startsWith("//")) throw malformed(shown, "expected " + scheme + "://");
    rest = rest.substring(2);
    if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) throw malformed(shown, "a query or fragment is not allowed");
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (authority.contains("@")) {
      throw malformed(shown,
          "credentials do not belong in a remote URL; use the environment or the SDK's configuration");
    }
    if (scheme.equals(FILE)) {
      if (!authority.isEmpty() && !authority.equals("localhost")) throw malformed(shown,
          "only local files are supported");
      if (path.isEmpty()) throw malformed(shown, "no folder path");
      return folder(path(decode(path, shown), shown), shown);
    }
    if (scheme.equals(HTTP) || scheme.equals(HTTPS)) return web(scheme, authority, path, shown);
    Pattern names = scheme.equals(S3) ? S3_BUCKET : AZ_CONTAINER;
    String what = scheme.equals(S3) ? "bucket" : "container";
    if (authority.isEmpty()) throw malformed(shown, "no " + what + " name");
    if (!names.matcher(authority).matches()) {
      throw malformed(shown, "invalid " + what + " name '" + authority + "' (3 to 63 of a-z 0-9 "
          + (scheme.equals(S3) ? ". -" : "-") + ", starting and ending with a letter or digit)");
    }
    String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (!prefix.isEmpty()) {
      try {
        new RemoteKey(prefix);
      } catch (InvalidInputException e) {
        throw malformed(shown, "invalid prefix '" + prefix + "'");
      }
    }
    return new RemoteUrl(scheme, authority, prefix);
  }

  /** Parses relative to the working directory of this process. */
  public static RemoteUrl parse(String text) {
    return parse(text, Path.of("").toAbsolutePath());
  }

  public boolean isFile() {
    return scheme.equals(FILE);
  }

  /** A remote served over http(s) by a static web server or CDN: it can be read, never written. */
  public boolean isReadOnly() {
    return scheme.equals(HTTP) || scheme.equals(HTTPS);
  }

  /** The folder of a file remote. */
  public Path folder() {
    if (!isFile()) throw new IllegalStateException(this + " is not a folder");
    return Path.of(location);
  }

  /** The full key of an object under this remote's prefix, as the store names it. */
  public String objectName(RemoteKey key) {
    return prefix.isEmpty() ? key.value() : prefix + "/" + key.value();
  }

  @Override
  public String toString() {
    if (isFile()) return "file://" + location;
    if (isReadOnly()) return scheme + "://" + location + (prefix.isEmpty() ? "" : "/" + encodePath(prefix));
    return scheme + "://" + location + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** {@code http(s)://host[:port]/prefix}: the path is decoded into a key prefix, as a bucket's prefix is. */
  private static RemoteUrl web(String scheme, String authority, String path, String shown) {
    String host = authority.toLowerCase(java.util.Locale.ROOT);
    if (host.isEmpty()) throw malformed(shown, "no host name");
    if (!HOST_PORT.matcher(host).matches()) throw malformed(shown, "invalid host '" + authority + "'");
    String prefix = decode(path, shown).replaceAll("^/+", "").replaceAll("/+$", "");
    if (!prefix.isEmpty()) {
      try {
        new RemoteKey(prefix);
      } catch (InvalidInputException e) {
        throw malformed(shown, "invalid path '" + prefix + "'");
      }
    }
    return new RemoteUrl(scheme, host, prefix);
  }

  /**
   * A key or prefix as the path of a URL: each byte of its UTF-8 but the unreserved ones ({@code A-Z a-z 0-9 - . _ ~})
   * and '/' percent-encoded, so any key a remote may hold names one file on a web server.
   */
  public static String encodePath(String keyOrPrefix) {
    StringBuilder b = new StringBuilder();
    for (byte x : keyOrPrefix.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  private static RemoteUrl folder(Path p, String shown) {
    Path abs = p.toAbsolutePath().normalize();
    if (abs.getParent() == null) throw malformed(shown, "the root directory cannot be a remote");
    return new RemoteUrl(FILE, abs.toString(), "");
  }

  private static Path path(String s, String shown) {
    if (s.indexOf('\0') >= 0) throw malformed(shown, "NUL in path");
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      throw malformed(shown, e.getReason());
    }
  }

  /** Percent-decoding of a file or http(s) URL's path ({@code file:///data/my%20set}); a lone '%' is an error. */
  private static String decode(String s, String shown) {
    if (s.indexOf('%') < 0) return s;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != '%') {
        out.write(in[i]);
        continue;
      }
      if (i + 2 >= in.length) throw malformed(shown, "bad percent escape");
      int hi = Character.digit(in[i + 1], 16);
      int lo = Character.digit(in[i + 2], 16);
      if (hi < 0 || lo < 0) throw malformed(shown, "bad percent escape");
      out.write(hi << 4 | lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The URL as it may be shown: whatever stands before an '@' in the authority is hidden. */
  static String redact(String text) {
    return text.replaceAll("(?<=://)[^/@]*@", "***@");
  }

  private static InvalidInputException malformed(String shown, String why) {
    return new InvalidInputException("malformed remote URL " + shown + ": " + why);
  }
}
