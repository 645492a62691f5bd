package io.datafs.core.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datafs.core.error.DatafsException;
import io.datafs.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteUrlTest {
  private static final Path CWD = Path.of("/work/here");

  @Test
  void foldersFromUrlsAndPaths() {
    assertEquals(new RemoteUrl("file", "/data/registry", ""), RemoteUrl.parse("file:///data/registry/", CWD));
    assertEquals(new RemoteUrl("file", "/data/my set", ""), RemoteUrl.parse("file:///data/my%20set", CWD));
    assertEquals(new RemoteUrl("file", "/data/x", ""), RemoteUrl.parse("file://localhost/data/x", CWD));
    assertEquals(new RemoteUrl("file", "/data/x", ""), RemoteUrl.parse("/data/./x", CWD));
    assertEquals(new RemoteUrl("file", "/work/here/reg", ""), RemoteUrl.parse("reg", CWD));
    assertEquals(new RemoteUrl("file", "/work/reg", ""), RemoteUrl.parse("../reg", CWD));
    assertEquals("file:///data/registry", RemoteUrl.parse("/data/registry", CWD).toString());
    assertEquals(Path.of("/data/registry"), RemoteUrl.parse("/data/registry", CWD).folder());
  }

  @Test
  void bucketsAndContainersWithPrefixes() {
    RemoteUrl s3 = RemoteUrl.parse("s3://my-bucket/teams/ml/", CWD);
    assertEquals(new RemoteUrl("s3", "my-bucket", "teams/ml"), s3);
    assertEquals("s3://my-bucket/teams/ml", s3.toString());
    assertEquals("teams/ml/versions/cats/1.json", s3.objectName(RemoteKey.of("versions/cats/1.json")));
    assertEquals(new RemoteUrl("s3", "b.with.dots", ""), RemoteUrl.parse("S3://b.with.dots", CWD));
    RemoteUrl az = RemoteUrl.parse("az://container-1/registry", CWD);
    assertEquals("az://container-1/registry", az.toString());
    assertEquals("k", RemoteUrl.parse("az://abc", CWD).objectName(RemoteKey.of("k")));
  }

  @Test
  void unknownSchemesAndMalformedUrlsAreRefusedInOneLine() {
    assertMessage("gs://bucket", "unknown remote scheme 'gs' in gs://bucket: use file:///path (or a path), "
        + "s3://bucket/prefix, az://container/prefix or https://host/prefix");
    assertMessage("ftp://example.com/x", "unknown remote scheme 'ftp'");
    assertMessage("https://", "no host name");
    assertMessage("https://bad_host/x", "invalid host 'bad_host'");
    assertMessage("https://h/a/../b", "invalid path");
    assertMessage("https://h/x?token=1", "a query or fragment is not allowed");
    assertMessage("s3:bucket", "malformed remote URL s3:bucket: expected s3://");
    assertMessage("s3://", "no bucket name");
    assertMessage("s3://Upper", "invalid bucket name 'Upper'");
    assertMessage("s3://ab", "invalid bucket name 'ab'");
    assertMessage("az://a--b", "invalid container name 'a--b'");
    assertMessage("az://under_score", "invalid container name");
    assertMessage("s3://bucket/a//b", "invalid prefix 'a//b'");
    assertMessage("s3://bucket/a/../b", "invalid prefix");
    assertMessage("s3://bucket/x?versionId=1", "a query or fragment is not allowed");
    assertMessage("file://otherhost/data", "only local files are supported");
    assertMessage("file://", "no folder path");
    assertMessage("file:///bad%zz", "bad percent escape");
    assertMessage("/", "the root directory cannot be a remote");
    assertMessage("", "empty remote URL");
  }

  @Test
  void webServersWithPathsAreReadOnly() {
    RemoteUrl https = RemoteUrl.parse("https://Data.Example.com/teams/my%20sets/", CWD);
    assertEquals(new RemoteUrl("https", "data.example.com", "teams/my sets"), https);
    assertEquals("https://data.example.com/teams/my%20sets", https.toString());
    assertEquals(https, RemoteUrl.parse(https.toString(), CWD), "what it shows parses back");
    assertTrue(https.isReadOnly());
    assertEquals(new RemoteUrl("http", "127.0.0.1:8080", ""), RemoteUrl.parse("http://127.0.0.1:8080", CWD));
    assertEquals(new RemoteUrl("http", "[::1]:80", "r"), RemoteUrl.parse("http://[::1]:80/r", CWD));
    assertFalse(RemoteUrl.parse("s3://bucket/p", CWD).isReadOnly());
    assertEquals("u/%C3%BC/a%20b%2Bc%25d", RemoteUrl.encodePath("u/ü/a b+c%d"));
  }

  @Test
  void credentialsInAUrlAreRefusedAndNeverEchoed() {
    for (String url : List.of("s3://AKIAXXXX:topsecret@bucket/p", "az://user:topsecret@container",
        "file://me:topsecret@localhost/x", "https://user:topsecret@host/p")) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> RemoteUrl.parse(url, CWD));
      assertTrue(e.getMessage().contains("credentials do not belong in a remote URL"), e.getMessage());
      assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }
    assertFalse(assertThrows(InvalidInputException.class,
        () -> RemoteOptions.parseEndpoint("http://u:topsecret@host:9000")).getMessage().contains("topsecret"));
  }

  @Test
  void endpoints() {
    assertEquals("http://127.0.0.1:9000", RemoteOptions.parseEndpoint("http://127.0.0.1:9000").toString());
    assertEquals(null, RemoteOptions.parseEndpoint(""));
    assertTrue(assertThrows(InvalidInputException.class, () -> RemoteOptions.parseEndpoint("ftp://x"))
        .getMessage().startsWith("malformed endpoint ftp://x"));
  }

  @Test
  void remotesOpenByScheme() throws Exception {
    Remotes remotes = Remotes.load();
    assertTrue(remotes.schemes().contains("file"));
    try (Remote r = remotes.open(RemoteUrl.parse("/tmp/x", CWD), RemoteOptions.defaults())) {
      assertTrue(r instanceof RetryingRemote);
    }
    Remotes fileOnly = new Remotes(List.of(new LocalFolderProvider()), RetryPolicy.DEFAULT);
    DatafsException e = assertThrows(DatafsException.class,
        () -> fileOnly.open(RemoteUrl.parse("az://abc", CWD), RemoteOptions.defaults()));
    assertEquals("this datafs cannot open az:// remotes (az://abc): its remote-azure module is not installed",
        e.getMessage());
  }

  private static void assertMessage(String url, String expected) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> RemoteUrl.parse(url, CWD), url);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
