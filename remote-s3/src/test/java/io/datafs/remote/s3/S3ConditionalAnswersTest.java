package io.datafs.remote.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datafs.core.error.RemoteTransientException;
import io.datafs.core.error.RemoteUnreachableException;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.RetryPolicy;
import io.datafs.core.remote.RetryingRemote;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How {@link S3Remote} reads the answers AWS gives to a create-only write ({@code If-None-Match: *}) that S3Proxy
 * never gives, through the real SDK: 412 {@code PreconditionFailed} (the key is taken), 409
 * {@code ConditionalRequestConflict} (another conditional write is under way: retry) and 503 {@code SlowDown}
 * (throttled: back off and retry). A small S3 of a few lines plays AWS, its answers scripted per request.
 */
class S3ConditionalAnswersTest {
  private static final String BUCKET = "bkt";
  private static final RetryPolicy QUICK =
      new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(30));

  private HttpServer server;
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final Deque<String[]> scripted = new ArrayDeque<>(); // {status, code}: the next PUTs' answers
  private final List<String> puts = new CopyOnWriteArrayList<>();
  private S3Remote s3;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    s3 = new S3Remote(RemoteUrl.parse("s3://" + BUCKET), S3Clients.build(endpoint,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")), Region.US_EAST_1));
  }

  @AfterEach
  void stop() {
    if (s3 != null) s3.close();
    server.stop(0);
  }

  @Test
  void aTakenKeyIsAlreadyExistsAndNothingIsWritten() {
    RemoteKey key = RemoteKey.of("versions/cats/1.json");
    assertEquals(CreateResult.CREATED, s3.create(key, bytes("first")));
    byte[] stored = objects.get("/bkt/versions/cats/1.json");
    assertEquals(CreateResult.ALREADY_EXISTS, s3.create(key, bytes("second")));
    assertEquals(2, puts.size());
    assertTrue(stored == objects.get("/bkt/versions/cats/1.json"), "the object was left as it was");
  }

  @Test
  void aConflictingConditionalWriteIsTransientAndItsRetryFindsTheKeyTaken() {
    RemoteKey key = RemoteKey.of("versions/cats/1.json");
    objects.put("/bkt/versions/cats/1.json", bytes("the rival's"));
    script("409", "ConditionalRequestConflict");
    RemoteTransientException e = assertThrows(RemoteTransientException.class, () -> s3.create(key, bytes("mine")));
    assertTrue(e.getMessage().contains("HTTP 409 ConditionalRequestConflict"), e.getMessage());

    script("409", "ConditionalRequestConflict");
    try (Remote r = new RetryingRemote(s3, QUICK)) {
      assertEquals(CreateResult.ALREADY_EXISTS, r.create(key, bytes("mine")));
    }
    assertArrayEquals(bytes("the rival's"), objects.get("/bkt/versions/cats/1.json"));
  }

  @Test
  void slowDownIsRetriedWithBackoffAndNamedWhenItLasts() {
    Remote r = new RetryingRemote(s3, QUICK);
    for (int i = 1; i < QUICK.maxAttempts(); i++) script("503", "SlowDown");
    assertEquals(CreateResult.CREATED, r.create(RemoteKey.of("tags/cats/1.0.0.json"), bytes("tag")));
    assertEquals(QUICK.maxAttempts(), puts.size());

    for (int i = 0; i < QUICK.maxAttempts(); i++) script("503", "SlowDown");
    RemoteUnreachableException e = assertThrows(RemoteUnreachableException.class,
        () -> r.create(RemoteKey.of("tags/cats/2.0.0.json"), bytes("tag")));
    assertTrue(e.getMessage().contains("HTTP 503 SlowDown"), e.getMessage());
    assertEquals(2 * QUICK.maxAttempts(), puts.size(), "every try was made, none more");
  }

  private void script(String status, String code) {
    synchronized (scripted) {
      scripted.add(new String[] {status, code});
    }
  }

  /** PUT (with If-None-Match: *, as S3 answers it), GET with a range, HEAD of the bucket. */
  private void answer(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    byte[] body = x.getRequestBody().readAllBytes();
    switch (x.getRequestMethod()) {
      case "PUT" -> {
        puts.add(path);
        String[] next;
        synchronized (scripted) {
          next = scripted.poll();
        }
        if (next != null) {
          error(x, Integer.parseInt(next[0]), next[1]);
        } else if ("*".equals(x.getRequestHeaders().getFirst("If-None-Match")) && objects.containsKey(path)) {
          error(x, 412, "PreconditionFailed");
        } else {
          objects.put(path, body);
          x.getResponseHeaders().add("ETag", "\"e\"");
          x.sendResponseHeaders(200, -1);
        }
      }
      case "GET" -> {
        byte[] o = objects.get(path);
        if (o == null) {
          error(x, 404, "NoSuchKey");
          return;
        }
        String range = x.getRequestHeaders().getFirst("Range"); // bytes=FROM-TO
        int from = 0;
        int to = o.length - 1;
        if (range != null) {
          String[] fromTo = range.substring("bytes=".length()).split("-");
          from = Integer.parseInt(fromTo[0]);
          to = Math.min(to, Integer.parseInt(fromTo[1]));
        }
        byte[] part = Arrays.copyOfRange(o, from, to + 1);
        x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + to + "/" + o.length);
        x.sendResponseHeaders(range == null ? 200 : 206, part.length);
        x.getResponseBody().write(part);
      }
      default -> x.sendResponseHeaders(200, -1);
    }
    x.close();
  }

  private static void error(HttpExchange x, int status, String code) throws IOException {
    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
        + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/xml");
    x.sendResponseHeaders(status, xml.length);
    x.getResponseBody().write(xml);
    x.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
