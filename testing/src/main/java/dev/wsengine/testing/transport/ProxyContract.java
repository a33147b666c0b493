package dev.wsengine.testing.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.HandshakeException;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ConnectOptions#proxyCredentials()}: through a {@link ConnectProxy#requiringBasic} proxy,
 * the right credentials open the tunnel and the WebSocket works (ws and wss); wrong or missing ones
 * fail the connect with a {@link HandshakeException} of status 407 that shows neither the password
 * nor the {@code Proxy-Authorization} value; the credentials reach the proxy only, never the
 * server.
 *
 * <p>A subclass provides {@link #transport()} only, as for {@link TransportContract}; run it where
 * the transport sends Basic credentials for a CONNECT (the JDK transport: in a JVM started with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=}, see {@code docs/jdk.md}). <b>Class path</b>:
 * JUnit 5, {@code jetty-websocket-jetty-server} and Tyrus's server; {@code keytool} of the running
 * JDK makes the key for the wss case, once per class.
 */
public abstract class ProxyContract extends ContractSupport {
  /** The proxy's user. */
  protected static final String USER = "proxy-user";

  /** The proxy's password: long and odd enough that any trace of it is found. */
  protected static final String PASSWORD = "pr0xy-pa55w0rd-\u00e9t\u00e9";

  /** Where the key store goes; JUnit deletes it after the class. */
  @TempDir static Path keys;

  private static TlsCerts certificate;

  protected ProxyContract() {}

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificate = TlsCerts.generate(keys, "ip:127.0.0.1");
  }

  /** The {@code Proxy-Authorization} value the right credentials make. */
  protected static String rightAuthorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  private static ConnectOptions.Builder through(ConnectProxy proxy) {
    return ConnectOptions.builder().proxy(ProxySelector.of(proxy.address()));
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void theRightCredentialsOpenTheTunnel(ServerKind kind) throws Exception {
    TestServer server = start(kind);
    ConnectProxy proxy = closedAfterTheTest(ConnectProxy.requiringBasic(USER, PASSWORD));

    TransportConnection connection =
        connect(
            server.uri("/echo"),
            through(proxy).proxyCredentials(USER, PASSWORD.toCharArray()).build());
    connection.sendText("through an authenticated proxy");

    assertEquals("through an authenticated proxy", connection.read(WAIT).text());
    assertEquals(List.of("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1"), proxy.requests());
    assertEquals(List.of(Optional.of(rightAuthorization())), proxy.authorizations());
  }

  @Test
  void theSameOptionsAuthenticateEveryConnect() throws Exception {
    // As an engine's reconnects do: sending the credentials must not use them up.
    TestServer server = start(ServerKind.JETTY);
    ConnectProxy proxy = closedAfterTheTest(ConnectProxy.requiringBasic(USER, PASSWORD));
    ConnectOptions options = through(proxy).proxyCredentials(USER, PASSWORD.toCharArray()).build();

    for (int i = 0; i < 3; i++) {
      TransportConnection connection = connect(server.uri("/echo"), options);
      connection.sendText("connect " + i);
      assertEquals("connect " + i, connection.read(WAIT).text());
      connection.abort();
    }

    assertEquals(
        List.of(
            Optional.of(rightAuthorization()),
            Optional.of(rightAuthorization()),
            Optional.of(rightAuthorization())),
        proxy.authorizations());
  }

  @Test
  void theCredentialsReachTheProxyButNotTheServer() throws Exception {
    TestServer server = start(ServerKind.JETTY);
    ConnectProxy proxy = closedAfterTheTest(ConnectProxy.requiringBasic(USER, PASSWORD));

    TransportConnection connection =
        connect(
            server.uri("/echo"),
            through(proxy)
                .proxyCredentials(USER, PASSWORD.toCharArray())
                .header("X-Marker", "1")
                .build());
    connection.sendText("hello");
    assertEquals("hello", connection.read(WAIT).text());

    // The server recorded the handshake's X-* and Proxy-* headers before it answered it.
    assertTrue(
        ServerEvents.events().contains("header x-marker=1"), ServerEvents.events().toString());
    assertFalse(
        ServerEvents.events().stream().anyMatch(e -> e.startsWith("header proxy-")),
        ServerEvents.events().toString());
  }

  @Test
  void theRightCredentialsOpenATunnelForWss() throws Exception {
    JettyTestServer server = closedAfterTheTest(new JettyTestServer(certificate.serverContext()));
    ConnectProxy proxy = closedAfterTheTest(ConnectProxy.requiringBasic(USER, PASSWORD));

    TransportConnection connection =
        connect(
            server.uri("/echo"),
            through(proxy)
                .proxyCredentials(USER, PASSWORD.toCharArray())
                .sslContext(certificate.trustingContext())
                .build());
    connection.sendText("tls through the tunnel");

    assertEquals("tls through the tunnel", connection.read(WAIT).text());
    assertEquals(List.of(Optional.of(rightAuthorization())), proxy.authorizations());
  }

  @Test
  void wrongCredentialsFailWith407AndShowNoSecret() throws Exception {
    TestServer server = start(ServerKind.JETTY);
    ConnectProxy proxy = closedAfterTheTest(ConnectProxy.requiringBasic(USER, "another-password"));
    URI uri = server.uri("/echo");
    ConnectOptions options = through(proxy).proxyCredentials(USER, PASSWORD.toCharArray()).build();

    HandshakeException refused =
        assertThrows(HandshakeException.class, () -> connect(uri, options));

    assertEquals(407, refused.status());
    assertTrue(
        refused.getMessage().contains("proxy") && refused.getMessage().contains("407"),
        refused.getMessage());
    assertEquals(List.of(Optional.of(rightAuthorization())), proxy.authorizations());
    assertNoSecrets(refused, options);
  }

  @Test
  void missingCredentialsFailWith407() throws Exception {
    TestServer server = start(ServerKind.JETTY);
    ConnectProxy proxy = closedAfterTheTest(ConnectProxy.requiringBasic(USER, PASSWORD));
    URI uri = server.uri("/echo");

    HandshakeException refused =
        assertThrows(HandshakeException.class, () -> connect(uri, through(proxy).build()));

    assertEquals(407, refused.status());
    assertEquals(List.of(Optional.empty()), proxy.authorizations());
  }

  /**
   * Fails if the password or the {@code Proxy-Authorization} value (or its base64 alone) appears in
   * {@code failure}'s chain (messages, {@code toString}s, stack traces) or in {@code options}.
   */
  protected static void assertNoSecrets(Throwable failure, ConnectOptions options) {
    String token = rightAuthorization().substring("Basic ".length());
    for (String secret : List.of(PASSWORD, token)) {
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t).contains(secret), "the secret appears in " + t);
      }
      java.io.StringWriter trace = new java.io.StringWriter();
      failure.printStackTrace(new java.io.PrintWriter(trace));
      assertFalse(trace.toString().contains(secret), trace.toString());
      assertFalse(options.toString().contains(secret), options.toString());
    }
  }
}
