package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {
  private static final URI URI_WITH_SECRETS = URI.create("ws://u:pass@host:1/p?k=value&flag");
  private static final String REDACTED_URI = "ws://REDACTED@host:1/p?k=REDACTED&flag";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ws://example.com/echo | ws://example.com/echo",
        "wss://example.com:8443/a/b | wss://example.com:8443/a/b",
        "ws://bob:pw@example.com/x | ws://REDACTED@example.com/x",
        "ws://example.com/x?token=abc&flag&k=v | ws://example.com/x?token=REDACTED&flag&k=REDACTED",
        "ws://example.com/x?a=1#frag | ws://example.com/x?a=REDACTED#REDACTED",
        "ws://[::1]:9/x | ws://[::1]:9/x",
        "ws://user:pw@my_host:9/x?q=1 | ws://REDACTED@my_host:9/x?q=REDACTED",
        "ws:///path | ws:///path",
        "ws://example.com | ws://example.com",
        "ws://example.com/p%20q?x=%41 | ws://example.com/p%20q?x=REDACTED",
      })
  void uriRedactsUserInfoQueryValuesAndFragments(String uri, String expected) {
    assertEquals(expected, Redaction.uri(URI.create(uri)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization",
        "proxy-authorization",
        "COOKIE",
        "X-Api-Key",
        "X-Auth-Token",
        "client_secret",
        "X-Password",
        "Session-Id"
      })
  void secretHeaderNames(String name) {
    assertTrue(Redaction.isSecretHeader(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Accept", "User-Agent", "Sec-WebSocket-Protocol", "X-Request-Id"})
  void ordinaryHeaderNames(String name) {
    assertFalse(Redaction.isSecretHeader(name));
  }

  @Test
  void scrubberReplacesTheUriItsPartsAndSecretHeaderValues() {
    Redaction.Scrubber scrubber =
        Redaction.scrubber(
            URI_WITH_SECRETS,
            Map.of(
                "Authorization", List.of("Bearer abcdef"),
                "Cookie", List.of("a=cookie1; b=cookie2"),
                "Accept", List.of("text/plain")));

    assertEquals("failed: " + REDACTED_URI, scrubber.scrub("failed: " + URI_WITH_SECRETS));
    assertEquals(
        "user REDACTED, query REDACTED", scrubber.scrub("user u:pass, query k=value&flag"));
    assertEquals("header REDACTED", scrubber.scrub("header Bearer abcdef"));
    assertEquals("token REDACTED", scrubber.scrub("token abcdef"));
    assertEquals("cookie REDACTED", scrubber.scrub("cookie cookie2"));
    assertEquals(
        "accepts text/plain",
        scrubber.scrub("accepts text/plain")); // not a secret, not on its line
    assertEquals("> Accept: REDACTED\n", scrubber.scrub("> Accept: text/plain\n")); // on its line
    assertNull(scrubber.scrub(null));
  }

  @Test
  void scrubberFindsTheUrisPartsInOtherSpellings() {
    Redaction.Scrubber scrubber =
        Redaction.scrubber(URI.create("ws://al:pw@h:9/p?a=1&b=x%20y&c"), Map.of());

    // Tyrus's proxy probe rebuilds the URI with another scheme and decoded parts.
    assertEquals(
        "http://REDACTED@h:9/p?a=REDACTED&b=REDACTED&c",
        scrubber.scrub("http://al:pw@h:9/p?a=1&b=x y&c"));
    assertEquals(
        "GET /p?a=REDACTED&b=REDACTED&c HTTP/1.1", scrubber.scrub("GET /p?a=1&b=x%20y&c HTTP/1.1"));
    assertEquals("authority REDACTED@h:9", scrubber.scrub("authority al:pw@h:9"));
  }

  @Test
  void shortSecretsAreReplacedOnlyWhereTheyStandAsValues() {
    Redaction.Scrubber scrubber =
        Redaction.scrubber(
            URI.create("ws://h/p?a=1"), Map.of("X-One", List.of("1"), "X-Two", List.of("2")));

    assertEquals(
        "ws://h/p?a=REDACTED failed at line 1", scrubber.scrub("ws://h/p?a=1 failed at line 1"));
    String dump =
        "> GET ws://127.0.0.1:2121/p\n> Host: 127.0.0.1:2121\n> X-One: 1\n> x-two: 2\r\n< 101\n";
    assertEquals(
        "> GET ws://127.0.0.1:2121/p\n> Host: 127.0.0.1:2121\n> X-One: REDACTED\n> x-two: REDACTED\r\n< 101\n",
        scrubber.scrub(dump));
    String other = "Session 1a2b [12 ms]: Incoming buffer size: 1212";
    assertSame(other, scrubber.scrub(other));
  }

  @Test
  void aHeaderLineWithASecretValueIsReplacedWhateverItsName() {
    Redaction.Scrubber scrubber =
        Redaction.scrubber(URI.create("ws://h/"), Map.of("X-Key", List.of("k-12345")));

    assertEquals("x-forwarded-key: REDACTED", scrubber.scrub("x-forwarded-key: k-12345"));
    assertEquals("Cookie: a=REDACTED", scrubber.scrub("Cookie: a=k-12345"));
  }
}
