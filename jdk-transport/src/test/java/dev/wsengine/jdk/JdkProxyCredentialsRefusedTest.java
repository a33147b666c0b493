package dev.wsengine.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.transport.ConnectProxy;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import java.net.ProxySelector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * In a JVM with the JDK's default, which disables Basic for CONNECT tunnels, proxy credentials are
 * refused before anything is sent, with a message that says why and what to do; the property is
 * never set by the transport.
 */
class JdkProxyCredentialsRefusedTest {
  private static final String PASSWORD = "pr0xy-pa55w0rd";

  /** Skipped in the basic-tunnelling execution (which a -Dtest run reaches too). */
  @BeforeAll
  static void runsWithTheJdkDefault() {
    assumeTrue(
        System.getProperty(JdkTransport.BASIC_TUNNELLING_PROPERTY) == null,
        "runs in a JVM with the JDK's default");
  }

  @Test
  void credentialsAreRefusedWhereTheJdkWouldDropThem() throws Exception {
    JdkTransport transport = JdkTransport.builder().noKeepalive().build();
    try (TestServer server = ServerKind.JETTY.start();
        ConnectProxy proxy = ConnectProxy.requiringBasic("user", PASSWORD)) {
      ConnectOptions options =
          ConnectOptions.builder()
              .proxy(ProxySelector.of(proxy.address()))
              .proxyCredentials("user", PASSWORD.toCharArray())
              .build();

      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> transport.connect(server.uri("/echo"), options));

      assertEquals(
          "proxyCredentials: the JDK's HttpClient does not send Basic credentials for a CONNECT"
              + " tunnel while the system property jdk.http.auth.tunneling.disabledSchemes is"
              + " unset (the JDK's default disables Basic); start the JVM with"
              + " -Djdk.http.auth.tunneling.disabledSchemes= (empty) to allow it, or use the Tyrus"
              + " transport (wsengine-tyrus), which sends them without it; see docs/jdk.md",
          e.getMessage());
      assertTrue(proxy.requests().isEmpty(), proxy.requests().toString());
      assertEquals(0, transport.clientsInUse());
      assertNull(System.getProperty(JdkTransport.BASIC_TUNNELLING_PROPERTY));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic", "basic", "Digest, Basic", " BASIC ,NTLM"})
  void aPropertyThatListsBasicIsRefusedQuotingIt(String value) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> JdkTransport.checkBasicTunnellingAllowed(value));

    assertTrue(e.getMessage().contains("lists Basic (it is \"" + value + "\")"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Digest", "NTLM,Negotiate", "Basically"})
  void aPropertyThatDoesNotListBasicAllowsThem(String value) {
    JdkTransport.checkBasicTunnellingAllowed(value);
  }

  @Test
  void withoutCredentialsNothingIsChecked() throws Exception {
    JdkTransport transport = JdkTransport.builder().noKeepalive().build();
    try (TestServer server = ServerKind.JETTY.start();
        ConnectProxy proxy = new ConnectProxy()) {
      transport
          .connect(
              server.uri("/echo"),
              ConnectOptions.builder().proxy(ProxySelector.of(proxy.address())).build())
          .abort();

      assertFalse(proxy.requests().isEmpty());
    }
  }
}
