package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HandshakeExceptionTest {
  @Test
  void message_containsHttpStatusAndDetail() {
    HandshakeException e = new HandshakeException(503, "Service Unavailable");

    assertTrue(e.getMessage().contains("503"), e.getMessage());
    assertTrue(e.getMessage().contains("Service Unavailable"), e.getMessage());
    assertEquals(503, e.status());
  }

  @Test
  void emptyOrNullDetail_leavesOnlyTheStatus() {
    for (String detail : new String[] {"", null}) {
      HandshakeException e = new HandshakeException(404, detail);

      assertTrue(e.getMessage().endsWith("404"), e.getMessage());
      assertFalse(e.getMessage().contains("null"), e.getMessage());
      assertEquals(404, e.status());
    }
  }

  @Test
  void cause_isKept() {
    IOException cause = new IOException("transport said no");

    HandshakeException e = new HandshakeException(401, "Unauthorized", cause);

    assertSame(cause, e.getCause());
    assertEquals(401, e.status());
  }

  @Test
  void serializationRoundTrip_keepsStatus() throws Exception {
    HandshakeException copy =
        ConnectionClosedExceptionTest.roundTrip(new HandshakeException(429, "Too Many Requests"));

    assertEquals(429, copy.status());
    assertTrue(copy.getMessage().contains("Too Many Requests"), copy.getMessage());
  }
}
