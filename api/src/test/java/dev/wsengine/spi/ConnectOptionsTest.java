package dev.wsengine.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectOptionsTest {
  private static final String SECRET = "Bearer s3cr3t";
  private static final String VISIBLE_ASCII_RULE =
      "header value must hold only visible ASCII, space and tab (U+0020-U+007E and U+0009): no CR, LF,"
          + " other control characters or non-ASCII text (encode such text first); ";

  @Test
  void defaults_areAsDocumented() {
    ConnectOptions options = ConnectOptions.defaults();

    assertEquals(Map.of(), options.headers());
    assertEquals(List.of(), options.subprotocols());
    assertEquals(Optional.empty(), options.sslContext());
    assertTrue(options.hostnameVerification());
    assertEquals(Duration.ofSeconds(30), options.handshakeTimeout());
    assertEquals(1024 * 1024, options.maxTextMessageBytes());
    assertEquals(1024 * 1024, options.maxBinaryMessageBytes());
    assertEquals(16, options.bufferedMessages());
    assertEquals(Optional.empty(), options.proxy());
  }

  @Test
  void builderWithNothingSet_buildsTheDefaults() {
    assertEquals(ConnectOptions.defaults().toString(), ConnectOptions.builder().build().toString());
  }

  @Test
  void headers_keepOrderAndRepeatedValues() {
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-B", "1")
            .header("Authorization", SECRET)
            .header("X-B", "2")
            .build();

    assertEquals(List.of("X-B", "Authorization"), List.copyOf(options.headers().keySet()));
    assertEquals(List.of("1", "2"), options.headers().get("X-B"));
    assertEquals(List.of(SECRET), options.headers().get("Authorization"));
  }

  @Test
  void headers_areUnmodifiable() {
    ConnectOptions options = ConnectOptions.builder().header("X-A", "1").build();

    assertThrows(
        UnsupportedOperationException.class, () -> options.headers().put("X-B", List.of()));
    assertThrows(UnsupportedOperationException.class, () -> options.headers().remove("X-A"));
  }

  @Test
  void headerValueLists_areNeitherModifiableNorSharedWithTheBuilder() {
    ConnectOptions.Builder builder = ConnectOptions.builder().header("X-A", "1");
    ConnectOptions options = builder.build();

    builder.header("X-A", "2");

    assertEquals(List.of("1"), options.headers().get("X-A"));
    assertThrows(
        UnsupportedOperationException.class, () -> options.headers().get("X-A").add("x\r\nY: z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r", "\n", "\u0000", "\u007f", "\u0001", "\u001f"})
  void headerValueWithControlCharacter_isRejectedNamingHeaderButNotValue(String control) {
    String value = "Bearer s3cr3t" + control + "Injected: yes";

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().header("Authorization", value));

    assertTrue(e.getMessage().startsWith(VISIBLE_ASCII_RULE), e.getMessage());
    assertTrue(e.getMessage().contains("Authorization"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    assertFalse(e.getMessage().contains("Injected"), e.getMessage());
    assertTrue(
        e.getMessage().contains(String.format("U+%04X at index 13", (int) control.charAt(0))),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u00e9", // é: Tyrus's Grizzly client sent a space
        "\u20ac", // €: a space
        "\u0085", // NEL, a control character: a space
        "\u2028", // LINE SEPARATOR: '(' (its low byte)
        "\u013a", // ĺ: ':' (its low byte)
        "\u00a0", // NO-BREAK SPACE
        "\ud83d\ude00" // an emoji: one code point, two chars
      })
  void headerValueOutsideVisibleAsciiIsRefusedNamingTheCharacter(String character) {
    String value = "Bearer s3cr3t" + character + "Injected";

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().header("Authorization", value));

    assertEquals(
        VISIBLE_ASCII_RULE
            + "header 'Authorization' has "
            + String.format("U+%04X", character.codePointAt(0))
            + " at index 13",
        e.getMessage());
  }

  @Test
  void headerValueOfEveryVisibleAsciiCharacterSpaceAndTabIsAccepted() {
    StringBuilder value = new StringBuilder("\t");
    for (char c = 0x20; c <= 0x7e; c++) {
      value.append(c);
    }

    assertEquals(
        List.of(value.toString()),
        ConnectOptions.builder().header("X-A", value.toString()).build().headers().get("X-A"));
  }

  @Test
  void repeatedHeaderNameInAnotherSpellingAddsAValueUnderTheFirstSpelling() {
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-Dup", "one")
            .header("X-Other", "x")
            .header("x-dup", "two")
            .header("X-DUP", "three")
            .build();

    assertEquals(
        Map.of("X-Dup", List.of("one", "two", "three"), "X-Other", List.of("x")),
        options.headers());
    assertEquals(List.of("X-Dup", "X-Other"), List.copyOf(options.headers().keySet()));
  }

  @Test
  void repeatedCookieHeaderIsRefusedPointingToOneValue() {
    ConnectOptions.Builder builder = ConnectOptions.builder().header("Cookie", "a=1");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.header("cookie", "b=2"));

    assertEquals(
        "header 'cookie' may be given once (RFC 6265 section 5.4): put every cookie in one value,"
            + " joined by \"; \"",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Host", "upgrade", "Connection", "Sec-WebSocket-Key", "SEC-WEBSOCKET-VERSION"})
  void headerTheHandshakeSetsItself_isRejectedNamingIt(String name) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ConnectOptions.builder().header(name, "x"));

    assertEquals(
        "header '" + name + "' is set by the WebSocket handshake itself and may not be given",
        e.getMessage());
  }

  @Test
  void extensionsHeader_isRejectedPointingToCompression() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConnectOptions.builder().header("Sec-WebSocket-Extensions", "permessage-deflate"));

    assertEquals(
        "header 'Sec-WebSocket-Extensions' is set by the WebSocket handshake itself and may not be"
            + " given; offer compression with ConnectOptions.Builder.compression",
        e.getMessage());
  }

  @Test
  void compression_isNoneByDefault_andKeptByToBuilder() {
    assertEquals(Compression.none(), ConnectOptions.defaults().compression());
    Compression deflate = Compression.permessageDeflate().withClientNoContextTakeover();

    ConnectOptions options = ConnectOptions.builder().compression(deflate).build();

    assertEquals(deflate, options.compression());
    assertEquals(deflate, options.toBuilder().build().compression());
    assertTrue(
        options.toString().contains("compression=permessage-deflate; client_no_context_takeover"),
        options.toString());
  }

  @Test
  void nullCompression_isRejectedNamingTheOption() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> ConnectOptions.builder().compression(null));

    assertEquals("compression", e.getMessage());
  }

  @Test
  void subprotocolHeader_isRejectedPointingToSubprotocol() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().header("Sec-WebSocket-Protocol", "chat"));

    assertEquals(
        "header 'Sec-WebSocket-Protocol' is set by the WebSocket handshake itself and may not be"
            + " given; offer subprotocols with ConnectOptions.Builder.subprotocol",
        e.getMessage());
  }

  @Test
  void headerValueWithTab_isAccepted() {
    ConnectOptions options = ConnectOptions.builder().header("X-A", "a\tb").build();

    assertEquals(List.of("a\tb"), options.headers().get("X-A"));
  }

  @Test
  void emptyHeaderValue_isAccepted() {
    assertEquals(
        List.of(""), ConnectOptions.builder().header("X-A", "").build().headers().get("X-A"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X A", "X-A:", "X:A", "X\r\nY", "Ünïcode", "(X)", "X/Y"})
  void headerNameThatIsNotAnHttpToken_isRejected(String name) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ConnectOptions.builder().header(name, "v"));

    assertTrue(e.getMessage().contains("header name must be an HTTP token"), e.getMessage());
  }

  @Test
  void headerNameWithControlCharacter_isShownEscaped() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ConnectOptions.builder().header("X\nY", "v"));

    assertTrue(e.getMessage().contains("\"X\\u000aY\""), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Custom", "x_custom", "Sec-Fetch-Mode", "a!#$%&'*+-.^_`|~9"})
  void headerNameThatIsAnHttpToken_isAccepted(String name) {
    assertEquals(
        List.of(name),
        List.copyOf(ConnectOptions.builder().header(name, "v").build().headers().keySet()));
  }

  @Test
  void nullHeaderNameOrValue_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> ConnectOptions.builder().header(null, "v"));
    assertThrows(NullPointerException.class, () -> ConnectOptions.builder().header("X-A", null));
  }

  @Test
  void subprotocols_keepOrder() {
    ConnectOptions options =
        ConnectOptions.builder().subprotocol("v2.chat").subprotocol("v1.chat").build();

    assertEquals(List.of("v2.chat", "v1.chat"), options.subprotocols());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "chat v2", "a,b", "chat;q=1", "\"chat\""})
  void subprotocolThatIsNotAnHttpToken_isRejected(String subprotocol) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().subprotocol(subprotocol));

    assertTrue(e.getMessage().contains("subprotocol must be an HTTP token"), e.getMessage());
  }

  @Test
  void nullSubprotocol_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> ConnectOptions.builder().subprotocol(null));
  }

  @Test
  void handshakeTimeout_isKept() {
    assertEquals(
        Duration.ofMillis(1),
        ConnectOptions.builder().handshakeTimeout(Duration.ofMillis(1)).build().handshakeTimeout());
  }

  @Test
  void zeroHandshakeTimeout_isRejectedNamingOptionAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().handshakeTimeout(Duration.ZERO));

    assertTrue(e.getMessage().contains("handshakeTimeout"), e.getMessage());
    assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
  }

  @Test
  void negativeHandshakeTimeout_isRejectedNamingOptionAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().handshakeTimeout(Duration.ofSeconds(-5)));

    assertTrue(e.getMessage().contains("handshakeTimeout"), e.getMessage());
    assertTrue(e.getMessage().contains("PT-5S"), e.getMessage());
  }

  @Test
  void nullHandshakeTimeout_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> ConnectOptions.builder().handshakeTimeout(null));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void maxTextMessageBytesBelowOne_isRejectedNamingOption(int bytes) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().maxTextMessageBytes(bytes));

    assertTrue(e.getMessage().contains("maxTextMessageBytes"), e.getMessage());
    assertTrue(e.getMessage().contains("got " + bytes), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void maxBinaryMessageBytesBelowOne_isRejectedNamingOption(int bytes) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().maxBinaryMessageBytes(bytes));

    assertTrue(e.getMessage().contains("maxBinaryMessageBytes"), e.getMessage());
    assertTrue(e.getMessage().contains("got " + bytes), e.getMessage());
  }

  @Test
  void maxMessageBytesOfOne_isAccepted() {
    ConnectOptions options =
        ConnectOptions.builder().maxTextMessageBytes(1).maxBinaryMessageBytes(1).build();

    assertEquals(1, options.maxTextMessageBytes());
    assertEquals(1, options.maxBinaryMessageBytes());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 65536})
  void bufferedMessagesWithin1To65536_isAccepted(int messages) {
    assertEquals(
        messages, ConnectOptions.builder().bufferedMessages(messages).build().bufferedMessages());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65537, Integer.MAX_VALUE})
  void bufferedMessagesOutside1To65536_isRejectedNamingOption(int messages) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConnectOptions.builder().bufferedMessages(messages));

    assertTrue(e.getMessage().contains("bufferedMessages"), e.getMessage());
    assertTrue(e.getMessage().contains("1-65536"), e.getMessage());
    assertTrue(e.getMessage().contains("got " + messages), e.getMessage());
  }

  @Test
  void disableHostnameVerificationDangerously_turnsItOff() {
    assertFalse(
        ConnectOptions.builder()
            .disableHostnameVerificationDangerously()
            .build()
            .hostnameVerification());
  }

  @Test
  void toString_showsHeaderNamesButNeverValues() {
    ConnectOptions options =
        ConnectOptions.builder()
            .header("Authorization", SECRET)
            .header("Cookie", "sid=c00kie")
            .build();

    String description = options.toString();

    assertTrue(description.contains("Authorization"), description);
    assertTrue(description.contains("Cookie"), description);
    assertFalse(description.contains("s3cr3t"), description);
    assertFalse(description.contains("c00kie"), description);
  }

  @Test
  void toBuilder_roundTripsEveryOption() throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ProxySelector proxy =
        ProxySelector.of(InetSocketAddress.createUnresolved("proxy.example", 3128));
    ConnectOptions original =
        ConnectOptions.builder()
            .header("Authorization", SECRET)
            .header("X-A", "1")
            .header("X-A", "2")
            .subprotocol("v2")
            .subprotocol("v1")
            .sslContext(ssl)
            .disableHostnameVerificationDangerously()
            .handshakeTimeout(Duration.ofSeconds(5))
            .maxTextMessageBytes(100)
            .maxBinaryMessageBytes(200)
            .bufferedMessages(3)
            .proxy(proxy)
            .build();

    ConnectOptions copy = original.toBuilder().build();

    assertNotSame(original, copy);
    assertEquals(original.headers(), copy.headers());
    assertEquals(List.copyOf(original.headers().keySet()), List.copyOf(copy.headers().keySet()));
    assertEquals(List.of("v2", "v1"), copy.subprotocols());
    assertSame(ssl, copy.sslContext().orElseThrow());
    assertFalse(copy.hostnameVerification());
    assertEquals(Duration.ofSeconds(5), copy.handshakeTimeout());
    assertEquals(100, copy.maxTextMessageBytes());
    assertEquals(200, copy.maxBinaryMessageBytes());
    assertEquals(3, copy.bufferedMessages());
    assertSame(proxy, copy.proxy().orElseThrow());
    assertEquals(original.toString(), copy.toString());
  }

  @Test
  void changesThroughToBuilder_leaveTheOriginalAlone() {
    ConnectOptions original = ConnectOptions.builder().header("X-A", "1").subprotocol("v1").build();

    ConnectOptions changed =
        original.toBuilder().header("X-A", "2").header("X-B", "3").subprotocol("v2").build();

    assertEquals(Map.of("X-A", List.of("1")), original.headers());
    assertEquals(List.of("v1"), original.subprotocols());
    assertEquals(Map.of("X-A", List.of("1", "2"), "X-B", List.of("3")), changed.headers());
    assertEquals(List.of("v1", "v2"), changed.subprotocols());
  }

  @Test
  void setHeader_replacesEveryValueInAnyCaseAndKeepsThePlace() {
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-A", "1")
            .header("authorization", "old")
            .header("Authorization", "older")
            .header("X-B", "2")
            .setHeader("AUTHORIZATION", "new")
            .build();

    assertEquals(List.of("X-A", "AUTHORIZATION", "X-B"), List.copyOf(options.headers().keySet()));
    assertEquals(List.of("new"), options.headers().get("AUTHORIZATION"));
  }

  @Test
  void setHeader_addsAnAbsentHeaderAtTheEnd() {
    ConnectOptions options =
        ConnectOptions.builder().header("X-A", "1").setHeader("X-B", "2").build();

    assertEquals(Map.of("X-A", List.of("1"), "X-B", List.of("2")), options.headers());
  }

  @Test
  void setHeader_checksAsHeaderDoes() {
    ConnectOptions.Builder builder = ConnectOptions.builder();

    IllegalArgumentException crlf =
        assertThrows(
            IllegalArgumentException.class, () -> builder.setHeader("X-Token", "a\r\nHost: x"));
    IllegalArgumentException reserved =
        assertThrows(IllegalArgumentException.class, () -> builder.setHeader("Upgrade", "h2c"));

    assertEquals(VISIBLE_ASCII_RULE + "header 'X-Token' has U+000D at index 1", crlf.getMessage());
    assertTrue(reserved.getMessage().startsWith("header 'Upgrade' is set by the WebSocket"));
    assertEquals(Map.of(), builder.build().headers());
  }

  @Test
  void removeHeader_removesEveryValueInAnyCase_andIgnoresAnAbsentOne() {
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-A", "1")
            .header("X-B", "2")
            .header("x-b", "3")
            .removeHeader("X-b")
            .removeHeader("X-Absent")
            .build();

    assertEquals(Map.of("X-A", List.of("1")), options.headers());
  }

  @Test
  void clearSubprotocols_forgetsThoseAdded() {
    ConnectOptions original = ConnectOptions.builder().subprotocol("v1").build();

    ConnectOptions cleared = original.toBuilder().clearSubprotocols().subprotocol("v2").build();

    assertEquals(List.of("v2"), cleared.subprotocols());
    assertEquals(List.of("v1"), original.subprotocols());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Proxy-Authorization", "proxy-authorization"})
  void proxyAuthorizationAsAHeader_isRefusedPointingToProxyCredentials(String name) {
    ConnectOptions.Builder builder = ConnectOptions.builder();

    IllegalArgumentException added =
        assertThrows(IllegalArgumentException.class, () -> builder.header(name, "Basic czNjcjN0"));
    IllegalArgumentException set =
        assertThrows(IllegalArgumentException.class, () -> builder.setHeader(name, "x"));

    String expected =
        "header '"
            + name
            + "' would be sent to the server, not the proxy; give the proxy's credentials with"
            + " ConnectOptions.Builder.proxyCredentials";
    assertEquals(expected, added.getMessage());
    assertEquals(expected, set.getMessage());
    assertEquals(Map.of(), builder.build().headers());
  }
}
