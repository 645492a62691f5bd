package io.datafs.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The sockaddr_un sd_notify sends to (the datagram itself: PackageTest, against a real socket). */
class SystemdNotifyTest {
  @Test
  void aPathEndsWithNulAnAbstractNameStartsWithOne() {
    assertArrayEquals(sockaddr(new byte[] {'/', 'r', '/', 's', 0}), SystemdNotify.address("/r/s"));
    assertArrayEquals(sockaddr(new byte[] {0, 'n', 'o', 't', 'e'}), SystemdNotify.address("@note"));
  }

  @Test
  void anythingElseIsNoAddress() {
    assertNull(SystemdNotify.address("relative/sock"));
    assertNull(SystemdNotify.address("/" + "x".repeat(107)), "108 bytes with its NUL: longer than sun_path");
  }

  private static byte[] sockaddr(byte[] path) {
    return ByteBuffer.allocate(2 + path.length).order(ByteOrder.nativeOrder()).putShort((short) 1).put(path).array();
  }
}
