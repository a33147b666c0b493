package dev.wsengine.docs.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.OnMessage;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.ExponentialBackoff;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.tyrus.TyrusTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The configuration.md snippets build, and the error messages it quotes are the ones the code
 * throws: if this fails after a change of wording, change the page with it.
 */
class ConfigurationTest {
  private static final URI URI = java.net.URI.create("ws://127.0.0.1:1/feed");

  /** A handler for the snippets. */
  public static final class Handler {
    @OnMessage
    void text(String text) {}
  }

  @Test
  void snippetsBuild() throws Exception {
    Configuration.defaults(URI, new Handler());
    Configuration.virtualThreads(URI, new Handler(), Executors.defaultThreadFactory());
    Configuration.connectOptions("t0ken", SSLContext.getDefault());
    Configuration.backoff();
    Configuration.tyrus();
  }

  private static void assertMessage(String expected, Executable call) {
    assertEquals(expected, assertThrows(RuntimeException.class, call).getMessage());
  }

  @Test
  void proxyCredentialMessagesAreAsQuoted() {
    ConnectOptions.Builder withProxy =
        ConnectOptions.builder()
            .proxy(java.net.ProxySelector.of(new java.net.InetSocketAddress("127.0.0.1", 3128)));
    assertMessage(
        "proxyCredentials user must not hold ':' (Basic authentication separates user and password"
            + " by it, RFC 7617 section 2); found at index 3",
        () -> withProxy.proxyCredentials("ali:ce", "pw".toCharArray()));
    assertMessage(
        "proxyCredentials password must not hold control characters (U+0000-U+001F, U+007F-U+009F)"
            + " or unpaired surrogates; it has U+000D at index 12",
        () -> withProxy.proxyCredentials("alice", "pr0xy-s3cr3t\r\n".toCharArray()));
    assertMessage(
        "proxyCredentials need a proxy: set ConnectOptions.Builder.proxy(ProxySelector) too, or drop"
            + " them with noProxyCredentials()",
        () -> ConnectOptions.builder().proxyCredentials("alice", "pw".toCharArray()).build());
  }

  private static WebSocketEngine.Builder builder() {
    return WebSocketEngine.builder(URI, new Handler());
  }

  @Test
  void builderMessagesAreAsQuoted() {
    assertMessage(
        "uri must start with ws:// or wss://; got http://example.com/x",
        () -> WebSocketEngine.builder(java.net.URI.create("http://example.com/x"), new Handler()));
    assertMessage(
        "uri must name a host; got ws:///path",
        () -> WebSocketEngine.builder(java.net.URI.create("ws:///path"), new Handler()));
    assertMessage(
        "uri path must be valid UTF-16; it has the unpaired surrogate U+D800 at index 2",
        () ->
            WebSocketEngine.builder(
                new java.net.URI("ws", "//example.com/a\uD800b", null), new Handler()));
    assertMessage(
        "uri query must be valid UTF-16; it has the unpaired surrogate U+DC00 at index 12",
        () ->
            WebSocketEngine.builder(
                new java.net.URI("ws", "//example.com/a?token=s3cret\uDC00", null), new Handler()));
    assertMessage(
        "uri must not have a fragment (RFC 6455 forbids it); got ws://example.com/x#REDACTED",
        () ->
            WebSocketEngine.builder(java.net.URI.create("ws://example.com/x#top"), new Handler()));
    assertMessage("readers must be between 1 and 1024; got 0", () -> builder().readers(0));
    assertMessage(
        "openTimeout must be more than 0 and at most PT24H; got PT0S",
        () -> builder().openTimeout(Duration.ZERO));
    assertMessage(
        "stopTimeout must be more than 0 and at most PT24H; got PT48H",
        () -> builder().stopTimeout(Duration.ofDays(2)));
    assertMessage(
        "sendQueue maxMessages must be between 1 and 1048576; got 0",
        () -> builder().sendQueue(0, 1024));
    assertMessage(
        "sendQueue maxBytes must be between 1 and 1073741824 (1 GiB); got 0",
        () -> builder().sendQueue(1, 0));
    assertMessage(
        "sendTimeout must be more than 0 and at most PT24H; got PT0S",
        () -> builder().sendTimeout(Duration.ZERO));
    assertMessage("threadFactory", () -> builder().threadFactory(null));
  }

  @Test
  void systemPropertyMessageIsAsQuoted() {
    String before = System.getProperty("dev.wsengine.dispatcher");
    System.setProperty("dev.wsengine.dispatcher", "bytebuddy");
    try {
      assertMessage(
          "system property dev.wsengine.dispatcher must be auto, generated or fallback (in any case); got 'bytebuddy'",
          () -> builder().build());
      builder().dispatcherMode(DispatcherMode.FALLBACK).build(); // an explicit mode wins
    } finally {
      if (before == null) {
        System.clearProperty("dev.wsengine.dispatcher");
      } else {
        System.setProperty("dev.wsengine.dispatcher", before);
      }
    }
  }

  @Test
  void connectOptionMessagesAreAsQuoted() {
    assertMessage(
        "header name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~); got \"X Token\"",
        () -> ConnectOptions.builder().header("X Token", "v"));
    assertMessage(
        "header value must hold only visible ASCII, space and tab (U+0020-U+007E and U+0009): no CR, LF, other"
            + " control characters or non-ASCII text (encode such text first); header 'X-Token' has U+000A at index 3",
        () -> ConnectOptions.builder().header("X-Token", "abc\ndef"));
    assertMessage(
        "subprotocol must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~); got \"v2 feed\"",
        () -> ConnectOptions.builder().subprotocol("v2 feed"));
    assertMessage(
        "handshakeTimeout must be positive; got PT0S",
        () -> ConnectOptions.builder().handshakeTimeout(Duration.ZERO));
    assertMessage(
        "maxTextMessageBytes must be at least 1; got 0",
        () -> ConnectOptions.builder().maxTextMessageBytes(0));
    assertMessage(
        "maxBinaryMessageBytes must be at least 1; got 0",
        () -> ConnectOptions.builder().maxBinaryMessageBytes(0));
    assertMessage(
        "bufferedMessages must be within 1-65536; got 0",
        () -> ConnectOptions.builder().bufferedMessages(0));
  }

  @Test
  void repeatedHeaderNamesAreAsDescribed() {
    assertEquals(
        Map.of("X-Dup", List.of("one", "two")),
        ConnectOptions.builder().header("X-Dup", "one").header("x-dup", "two").build().headers());
    assertMessage(
        "header 'cookie' may be given once (RFC 6265 section 5.4): put every cookie in one value, joined by \"; \"",
        () -> ConnectOptions.builder().header("Cookie", "a=1").header("cookie", "b=2"));
  }

  @Test
  void reservedHeaderIsRefusedByTheBuilder() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().header("Upgrade", "h2c"));
    assertEquals(
        "header 'Upgrade' is set by the WebSocket handshake itself and may not be given",
        e.getMessage());
  }

  @Test
  void backoffMessagesAreAsQuoted() {
    assertMessage(
        "initialDelay must be positive; got PT0S",
        () -> ReconnectPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1)));
    assertMessage(
        "maxDelay must be at least initialDelay (PT1S); got PT0.5S",
        () -> ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofMillis(500)));
    ExponentialBackoff policy =
        ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertMessage("multiplier must be within 1.0-100.0; got 0.5", () -> policy.withMultiplier(0.5));
    assertMessage("jitter must be within 0.0-1.0; got 1.5", () -> policy.withJitter(1.5));
    assertMessage(
        "maxAttempts must be at least 0 (0 means no limit); got -1",
        () -> policy.withMaxAttempts(-1));
    assertMessage(
        "resetAfter must not be negative; got PT-1S",
        () -> policy.withResetAfter(Duration.ofSeconds(-1)));
  }

  @Test
  void tyrusMessagesAreAsQuoted() {
    assertMessage(
        "keepalive interval must be more than 0 and at most PT24H; got PT0S",
        () -> TyrusTransport.builder().keepalive(Duration.ZERO, Duration.ofSeconds(1)));
    assertMessage(
        "pong timeout must be more than 0 and at most PT24H; got PT48H",
        () -> TyrusTransport.builder().keepalive(Duration.ofSeconds(1), Duration.ofDays(2)));
    assertMessage(
        "sharedContainerIdleTimeout must be between 1 second and PT24H; got PT0.5S",
        () -> TyrusTransport.builder().sharedContainerIdleTimeout(Duration.ofMillis(500)));
  }

  @Test
  void invalidHandlerMessageIsAsQuoted() {
    // A local class: the processor never sees it, so only build() can reject it.
    final class Local {
      @OnMessage
      void text(String text) {}
    }
    assertMessage(
        "dev.wsengine.docs.configuration.ConfigurationTest$1Local is not a valid wsengine handler (1 problem):\n"
            + "  handler classes must be top-level or static nested classes; 'Local' is a local class."
            + " Move it out of the method",
        () -> WebSocketEngine.builder(URI, new Local()).build());
  }
}
