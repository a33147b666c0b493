package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void withoutHeaders_headersAreEmpty() {
    HandshakeException e = new HandshakeException(503, "x", null);

    assertEquals(Map.of(), e.headers());
    assertEquals(Optional.empty(), e.header("Retry-After"));
  }

  @Test
  void headers_areCopiedUnmodifiableAndLookedUpIgnoringCase() {
    Map<String, List<String>> given = new LinkedHashMap<>();
    List<String> values = new ArrayList<>(List.of("120", "5"));
    given.put("Retry-After", values);
    given.put("Date", List.of("Wed, 21 Oct 2015 07:28:00 GMT"));

    HandshakeException e = new HandshakeException(503, "", null, given);
    values.add("changed later");
    given.put("X-Late", List.of("no"));

    assertEquals(Optional.of("120"), e.header("retry-after"));
    assertEquals(Optional.of("120"), e.header("RETRY-AFTER"));
    assertEquals(List.of("120", "5"), e.headers().get("Retry-After"));
    assertEquals(2, e.headers().size());
    assertEquals(Optional.empty(), e.header("X-Late"));
    assertThrows(UnsupportedOperationException.class, () -> e.headers().put("a", List.of()));
    assertThrows(
        UnsupportedOperationException.class, () -> e.headers().get("Retry-After").add("1"));
  }

  @Test
  void aHeaderWithNoValues_isNoValue() {
    HandshakeException e = new HandshakeException(429, "", null, Map.of("Retry-After", List.of()));

    assertEquals(Optional.empty(), e.header("Retry-After"));
  }

  @Test
  void nullHeaders_areRejectedNamingWhat() {
    NullPointerException noMap =
        assertThrows(NullPointerException.class, () -> new HandshakeException(503, "", null, null));
    assertEquals("headers", noMap.getMessage());
    Map<String, List<String>> nullValue = new LinkedHashMap<>();
    nullValue.put("Retry-After", java.util.Arrays.asList("1", null));
    NullPointerException noValue =
        assertThrows(
            NullPointerException.class, () -> new HandshakeException(503, "", null, nullValue));
    assertEquals("headers: a value of Retry-After is null", noValue.getMessage());
    Map<String, List<String>> nullList = new LinkedHashMap<>();
    nullList.put("Date", null);
    NullPointerException noList =
        assertThrows(
            NullPointerException.class, () -> new HandshakeException(503, "", null, nullList));
    assertEquals("headers: the values of Date are null", noList.getMessage());
  }

  @Test
  void serializationRoundTrip_keepsHeaders() throws Exception {
    HandshakeException copy =
        ConnectionClosedExceptionTest.roundTrip(
            new HandshakeException(503, "", null, Map.of("Retry-After", List.of("7"))));

    assertEquals(Optional.of("7"), copy.header("retry-after"));
  }
}
