package io.datafs.remote.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datafs.core.error.DatafsException;
import io.datafs.core.error.RemoteTransientException;
import io.datafs.core.remote.CreateResult;
import io.datafs.core.remote.Remote;
import io.datafs.core.remote.RemoteKey;
import io.datafs.core.remote.RemoteUrl;
import io.datafs.core.remote.RetryPolicy;
import io.datafs.core.remote.RetryingRemote;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link AzureBlobRemote} reads the answers Azure gives to a create-only write ({@code If-None-Match: *}),
 * through the real SDK, including those Azurite does not give: 409 {@code BlobAlreadyExists} and 412
 * {@code ConditionNotMet} (the key is taken), a 409 for another reason (a lease on the blob: not "taken", an error
 * naming it), and 503 {@code ServerBusy} (throttled: retried). A small Blob service of a few lines plays Azure, its
 * answers scripted per request.
 */
class AzureConditionalAnswersTest {
  private static final RetryPolicy QUICK =
      new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(20), Duration.ofSeconds(30));
  private static final String BLOB = "/" + Azurite.ACCOUNT + "/bkt/versions/cats/1.json";

  private HttpServer server;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Deque<String[]> scripted = new ArrayDeque<>(); // {status, code}: the next PUTs' answers
  private final List<String> puts = new CopyOnWriteArrayList<>();
  private AzureBlobRemote azure;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    String connection = "DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT + ";AccountKey=" + Azurite.KEY
        + ";BlobEndpoint=http://127.0.0.1:" + server.getAddress().getPort() + "/" + Azurite.ACCOUNT + ";";
    azure = new AzureBlobRemote(RemoteUrl.parse("az://bkt"), AzureClients.fromConnectionString(connection));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void blobAlreadyExistsAndConditionNotMetAreATakenKeyAndNothingIsWritten() {
    RemoteKey key = RemoteKey.of("versions/cats/1.json");
    assertEquals(CreateResult.CREATED, azure.create(key, bytes("first")));
    assertEquals(CreateResult.ALREADY_EXISTS, azure.create(key, bytes("second"))); // 409 BlobAlreadyExists
    script("412", "ConditionNotMet");
    assertEquals(CreateResult.ALREADY_EXISTS, azure.create(key, bytes("third")));
    assertEquals(3, puts.size());
    assertArrayEquals(bytes("first"), blobs.get(BLOB), "the blob was left as it was");
  }

  @Test
  void aConflictForAnotherReasonIsNotATakenKeyButAnErrorNamingIt() {
    script("409", "LeaseIdMissing");
    DatafsException e = assertThrows(DatafsException.class,
        () -> azure.create(RemoteKey.of("versions/cats/1.json"), bytes("mine")));
    assertFalse(e instanceof RemoteTransientException, e.toString());
    assertTrue(e.getMessage().contains("HTTP 409 LeaseIdMissing"), e.getMessage());
    assertFalse(blobs.containsKey(BLOB));
  }

  @Test
  void serverBusyIsRetriedWithBackoffAndItsRetryCreates() {
    script("503", "ServerBusy");
    RemoteTransientException e = assertThrows(RemoteTransientException.class,
        () -> azure.create(RemoteKey.of("versions/cats/1.json"), bytes("mine")));
    assertTrue(e.getMessage().contains("HTTP 503 ServerBusy"), e.getMessage());

    for (int i = 1; i < QUICK.maxAttempts(); i++) script("503", "ServerBusy");
    try (Remote r = new RetryingRemote(azure, QUICK)) {
      assertEquals(CreateResult.CREATED, r.create(RemoteKey.of("versions/cats/1.json"), bytes("mine")));
    }
    assertArrayEquals(bytes("mine"), blobs.get(BLOB));
    assertEquals(1 + QUICK.maxAttempts(), puts.size(), "every try was made, none more");
  }

  private void script(String status, String code) {
    synchronized (scripted) {
      scripted.add(new String[] {status, code});
    }
  }

  /** Put Blob as Azure answers it with If-None-Match: *; nothing else is asked here. */
  private void answer(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    byte[] body = x.getRequestBody().readAllBytes();
    if (!x.getRequestMethod().equals("PUT")) {
      error(x, 400, "UnsupportedHttpVerb");
      return;
    }
    puts.add(path);
    String[] next;
    synchronized (scripted) {
      next = scripted.poll();
    }
    if (next != null) {
      error(x, Integer.parseInt(next[0]), next[1]);
    } else if ("*".equals(x.getRequestHeaders().getFirst("If-None-Match")) && blobs.containsKey(path)) {
      error(x, 409, "BlobAlreadyExists");
    } else {
      blobs.put(path, body);
      x.getResponseHeaders().add("ETag", "\"0x8D\"");
      x.getResponseHeaders().add("Last-Modified", "Mon, 07 Dec 2026 17:00:00 GMT");
      x.getResponseHeaders().add("x-ms-request-server-encrypted", "true");
      x.sendResponseHeaders(201, -1);
    }
    x.close();
  }

  private static void error(HttpExchange x, int status, String code) throws IOException {
    byte[] xml = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>" + code
        + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/xml");
    x.getResponseHeaders().add("x-ms-error-code", code);
    x.sendResponseHeaders(status, xml.length);
    x.getResponseBody().write(xml);
    x.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
