package io.datafs.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datafs.core.error.InvalidInputException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsConfigTest {
  @TempDir Path home;

  private MetricsConfig load(String json) throws Exception {
    Path config = home.resolve("config.json");
    Files.writeString(config, json);
    return MetricsConfig.load(config);
  }

  @Test
  void aBarePortListensOnLoopbackAndAnAddressWhereItSays() throws Exception {
    assertNull(load("{}").listen());
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9464);
    assertEquals(loopback, load("{\"metrics\": {\"listen\": \"9464\"}}").listen());
    assertEquals(loopback, load("{\"metrics\": {\"listen\": \":9464\"}}").listen());
    assertEquals(new InetSocketAddress("0.0.0.0", 9100),
        load("{\"metrics\": {\"listen\": \"0.0.0.0:9100\"}}").listen());
    assertEquals(new InetSocketAddress("::1", 9100), load("{\"metrics\": {\"listen\": \"[::1]:9100\"}}").listen());
  }

  @Test
  void anythingElseIsOneLineNamingTheKeyAndTheValue() {
    Path config = home.resolve("config.json");
    for (String[] bad : new String[][] {{"\"nope\"", "\"nope\""}, {"\"127.0.0.1:70000\"", "\"127.0.0.1:70000\""},
        {"9464", "9464"}, {"\"\"", "\"\""}}) {
      InvalidInputException e = assertThrows(InvalidInputException.class,
          () -> load("{\"metrics\": {\"listen\": " + bad[0] + "}}"));
      assertEquals("config file " + config + ": metrics.listen must be \"host:port\" or a port, not " + bad[1],
          e.getMessage());
    }
  }
}
