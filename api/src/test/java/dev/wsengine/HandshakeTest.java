package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  private static final URI URI_WITH_SECRETS =
      URI.create("ws://user:secret@host:8080/path?token=abc");

  @Test
  void headerLookup_ignoresCase() {
    Handshake handshake =
        Handshake.of(URI_WITH_SECRETS, Map.of("Sec-WebSocket-Accept", List.of("xyz")), null);

    assertEquals(Optional.of("xyz"), handshake.header("sec-websocket-accept"));
    assertEquals(Optional.of("xyz"), handshake.header("SEC-WEBSOCKET-ACCEPT"));
    assertEquals(List.of("xyz"), handshake.headers().get("sec-WebSocket-accept"));
  }

  @Test
  void header_returnsFirstValueAndHeadersKeepsAll() {
    Handshake handshake =
        Handshake.of(URI_WITH_SECRETS, Map.of("Set-Cookie", List.of("a=1", "b=2")), null);

    assertEquals(Optional.of("a=1"), handshake.header("set-cookie"));
    assertEquals(List.of("a=1", "b=2"), handshake.headers().get("Set-Cookie"));
  }

  @Test
  void namesDifferingOnlyInCase_areMergedKeepingAllValues() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Set-Cookie", List.of("a=1"));
    headers.put("set-cookie", List.of("b=2"));

    Handshake handshake = Handshake.of(URI_WITH_SECRETS, headers, null);

    assertEquals(1, handshake.headers().size());
    assertEquals(List.of("a=1", "b=2"), handshake.headers().get("SET-COOKIE"));
  }

  @Test
  void missingOrEmptyHeader_isEmpty() {
    Handshake handshake = Handshake.of(URI_WITH_SECRETS, Map.of("X-Empty", List.of()), null);

    assertEquals(Optional.empty(), handshake.header("X-Missing"));
    assertEquals(Optional.empty(), handshake.header("x-empty"));
  }

  @Test
  void headers_areUnmodifiable() {
    Handshake handshake = Handshake.of(URI_WITH_SECRETS, Map.of("X-A", List.of("1")), null);

    assertThrows(
        UnsupportedOperationException.class, () -> handshake.headers().put("X-B", List.of()));
    assertThrows(UnsupportedOperationException.class, () -> handshake.headers().remove("X-A"));
    assertThrows(
        UnsupportedOperationException.class, () -> handshake.headers().get("X-A").add("2"));
  }

  @Test
  void headers_areCopiedFromTheCallersMap() {
    List<String> values = new ArrayList<>(List.of("1"));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-A", values);
    Handshake handshake = Handshake.of(URI_WITH_SECRETS, headers, null);

    values.add("2");
    headers.put("X-B", List.of("3"));

    assertEquals(Map.of("X-A", List.of("1")), handshake.headers());
  }

  @Test
  void nullOrEmptySubprotocol_isEmpty() {
    assertEquals(Optional.empty(), Handshake.of(URI_WITH_SECRETS, Map.of(), null).subprotocol());
    assertEquals(Optional.empty(), Handshake.of(URI_WITH_SECRETS, Map.of(), "").subprotocol());
    assertEquals(
        Optional.of("chat"), Handshake.of(URI_WITH_SECRETS, Map.of(), "chat").subprotocol());
  }

  @Test
  void uri_isTheDialledOne() {
    assertEquals(URI_WITH_SECRETS, Handshake.of(URI_WITH_SECRETS, Map.of(), null).uri());
  }

  @Test
  void nullUriOrHeaders_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> Handshake.of(null, Map.of(), null));
    assertThrows(NullPointerException.class, () -> Handshake.of(URI_WITH_SECRETS, null, null));
    Handshake handshake = Handshake.of(URI_WITH_SECRETS, Map.of(), null);
    assertThrows(NullPointerException.class, () -> handshake.header(null));
  }

  @Test
  void toString_showsHostPathSubprotocolAndHeaderNames() {
    Handshake handshake =
        Handshake.of(
            URI_WITH_SECRETS,
            Map.of(
                "Set-Cookie", List.of("session=s3cr3t"), "Authorization", List.of("Bearer t0k3n")),
            "chat");

    String description = handshake.toString();

    assertTrue(description.contains("ws://host:8080/path"), description);
    assertTrue(description.contains("chat"), description);
    assertTrue(description.contains("Set-Cookie"), description);
    assertTrue(description.contains("Authorization"), description);
  }

  @Test
  void toString_neverShowsHeaderValuesUserInfoOrQuery() {
    Handshake handshake =
        Handshake.of(
            URI_WITH_SECRETS,
            Map.of(
                "Set-Cookie", List.of("session=s3cr3t"), "Authorization", List.of("Bearer t0k3n")),
            null);

    String description = handshake.toString();

    assertFalse(description.contains("secret"), description);
    assertFalse(description.contains("user"), description);
    assertFalse(description.contains("abc"), description);
    assertFalse(description.contains("token"), description);
    assertFalse(description.contains("s3cr3t"), description);
    assertFalse(description.contains("t0k3n"), description);
  }

  @Test
  void sameUriHeadersAndSubprotocol_areEqual() {
    Handshake a = Handshake.of(URI_WITH_SECRETS, Map.of("X-A", List.of("1")), "chat");
    Handshake b = Handshake.of(URI_WITH_SECRETS, Map.of("X-A", List.of("1")), "chat");

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, Handshake.of(URI_WITH_SECRETS, Map.of("X-A", List.of("2")), "chat"));
    assertNotEquals(a, Handshake.of(URI_WITH_SECRETS, Map.of("X-A", List.of("1")), null));
    assertNotEquals(a, Handshake.of(URI.create("ws://host/"), Map.of("X-A", List.of("1")), "chat"));
  }

  @Test
  void handshakesEqualIgnoringHeaderNameCase_haveEqualHashCodes() {
    Handshake a = Handshake.of(URI_WITH_SECRETS, Map.of("Set-Cookie", List.of("v")), null);
    Handshake b = Handshake.of(URI_WITH_SECRETS, Map.of("set-cookie", List.of("v")), null);

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void toString_keepsHostAndPortThatAreNotServerNames_withoutUserInfo() {
    Handshake handshake =
        Handshake.of(URI.create("ws://user:secret@my_host:8080/p?token=abc"), Map.of(), null);

    assertEquals("Handshake[ws://my_host:8080/p, headers=[]]", handshake.toString());
  }
}
