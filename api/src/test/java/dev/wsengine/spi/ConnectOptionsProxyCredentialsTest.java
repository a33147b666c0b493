package dev.wsengine.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ConnectOptions.proxyCredentials: kept, copied, checked, and never shown. */
class ConnectOptionsProxyCredentialsTest {
  private static final String PASSWORD = "pr0xy-s3cr3t";
  private static final ProxySelector PROXY =
      ProxySelector.of(InetSocketAddress.createUnresolved("proxy.example", 3128));

  private static ConnectOptions.Builder withProxy() {
    return ConnectOptions.builder().proxy(PROXY);
  }

  @Test
  void noCredentialsByDefault() {
    assertEquals(Optional.empty(), ConnectOptions.defaults().proxyCredentials());
    assertFalse(ConnectOptions.defaults().toString().contains("proxyCredentials"));
  }

  @Test
  void keepsUserAndPassword() {
    PasswordAuthentication credentials =
        withProxy()
            .proxyCredentials("alice", PASSWORD.toCharArray())
            .build()
            .proxyCredentials()
            .orElseThrow();

    assertEquals("alice", credentials.getUserName());
    assertArrayEquals(PASSWORD.toCharArray(), credentials.getPassword());
  }

  @Test
  void copiesThePasswordArray() {
    char[] password = PASSWORD.toCharArray();
    ConnectOptions options = withProxy().proxyCredentials("alice", password).build();

    Arrays.fill(password, 'x');

    assertArrayEquals(
        PASSWORD.toCharArray(), options.proxyCredentials().orElseThrow().getPassword());
  }

  @Test
  void clearingAReturnedPasswordChangesNothing() {
    ConnectOptions options = withProxy().proxyCredentials("alice", PASSWORD.toCharArray()).build();

    Arrays.fill(options.proxyCredentials().orElseThrow().getPassword(), '\0');

    assertArrayEquals(
        PASSWORD.toCharArray(), options.proxyCredentials().orElseThrow().getPassword());
  }

  @Test
  void toStringSaysSetButShowsNeitherUserNorPassword() {
    String description =
        withProxy().proxyCredentials("alice", PASSWORD.toCharArray()).build().toString();

    assertTrue(description.contains("proxyCredentials=set"), description);
    assertFalse(description.contains(PASSWORD), description);
    assertFalse(description.contains("alice"), description);
  }

  @Test
  void toBuilderKeepsThemAndNoProxyCredentialsDropsThem() {
    ConnectOptions original = withProxy().proxyCredentials("alice", PASSWORD.toCharArray()).build();

    assertEquals(
        "alice", original.toBuilder().build().proxyCredentials().orElseThrow().getUserName());
    assertEquals(
        Optional.empty(), original.toBuilder().noProxyCredentials().build().proxyCredentials());
  }

  @Test
  void credentialsWithoutAProxyAreRefusedAtBuild() {
    ConnectOptions.Builder builder =
        ConnectOptions.builder().proxyCredentials("alice", PASSWORD.toCharArray());

    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);

    assertEquals(
        "proxyCredentials need a proxy: set ConnectOptions.Builder.proxy(ProxySelector) too,"
            + " or drop them with noProxyCredentials()",
        e.getMessage());
  }

  @Test
  void aUserWithAColonIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> withProxy().proxyCredentials("ali:ce", PASSWORD.toCharArray()));

    assertEquals(
        "proxyCredentials user must not hold ':' (Basic authentication separates user and"
            + " password by it, RFC 7617 section 2); found at index 3",
        e.getMessage());
  }

  @Test
  void anEmptyUserIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> withProxy().proxyCredentials("", PASSWORD.toCharArray()));

    assertEquals("proxyCredentials user must not be empty", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r", "\n", "\u0000", "\u007f", "\u0085", "\ud800"})
  void aControlCharacterInTheUserIsRefusedNamingTheField(String bad) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> withProxy().proxyCredentials("al" + bad + "ice", PASSWORD.toCharArray()));

    assertEquals(
        "proxyCredentials user must not hold control characters (U+0000-U+001F, U+007F-U+009F)"
            + " or unpaired surrogates; it has "
            + String.format("U+%04X", (int) bad.charAt(0))
            + " at index 2",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\nX-Forged: 1", "\t", "\u0000", "\u009f", "\udc00"})
  void aControlCharacterInThePasswordIsRefusedWithoutShowingIt(String bad) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> withProxy().proxyCredentials("alice", (PASSWORD + bad).toCharArray()));

    assertEquals(
        "proxyCredentials password must not hold control characters (U+0000-U+001F,"
            + " U+007F-U+009F) or unpaired surrogates; it has "
            + String.format("U+%04X", (int) bad.charAt(0))
            + " at index "
            + PASSWORD.length(),
        e.getMessage());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
  }

  @Test
  void textBeyondAsciiIsAccepted() {
    ConnectOptions options =
        withProxy().proxyCredentials("zoë", "pässwörd \ud83d\udd11".toCharArray()).build();

    assertEquals("zoë", options.proxyCredentials().orElseThrow().getUserName());
  }

  @Test
  void nullsAreRefusedNamingTheField() {
    NullPointerException user =
        assertThrows(
            NullPointerException.class, () -> withProxy().proxyCredentials(null, new char[0]));
    NullPointerException password =
        assertThrows(NullPointerException.class, () -> withProxy().proxyCredentials("a", null));

    assertEquals("proxyCredentials user", user.getMessage());
    assertEquals("proxyCredentials password", password.getMessage());
  }
}
