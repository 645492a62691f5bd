package io.datafs.remote.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datafs.core.remote.WarmUpServer;
import org.junit.jupiter.api.Test;

/** A starting daemon's warm-up of the S3 SDK sends its one request to the loopback server, and nowhere else. */
class S3WarmUpTest {
  @Test
  void theWarmUpSendsOneRequestToItsLoopbackServerAndSwallowsTheNotFound() throws Exception {
    try (WarmUpServer server = new WarmUpServer()) {
      S3Provider.warmUp(server);
      assertEquals(1, server.served());
    }
  }
}
