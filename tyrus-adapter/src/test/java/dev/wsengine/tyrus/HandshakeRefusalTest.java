package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.HandshakeException;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A handshake the server refuses fails start() with the HTTP status, and leaves nothing running.
 */
class HandshakeRefusalTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final RecordingHandler handler = new RecordingHandler();
  private TestServer server;
  private RawServer raw;

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  private HandshakeException refused(URI uri) {
    WebSocketEngine engine = Engines.builder(uri, handler).build();
    EngineStartException e = assertThrows(EngineStartException.class, engine::start);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.events()).isEmpty();
    assertThat(e).hasCauseThat().isInstanceOf(HandshakeException.class);
    return (HandshakeException) e.getCause();
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void unknownPathIs404(ServerKind kind) {
    server = kind.start();

    HandshakeException e = refused(server.uri("/nope"));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("server refused the WebSocket handshake with HTTP status 404");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void busyServerIs503(ServerKind kind) {
    server = kind.start();

    assertThat(refused(server.uri("/busy")).status()).isEqualTo(503);
  }

  @Test
  void tyrusRefusingTheOriginIs403() {
    server = ServerKind.TYRUS.start();

    assertThat(refused(server.uri("/forbidden")).status()).isEqualTo(403);
  }

  @Test
  void serviceUnavailableWithRetryAfterIs503AndIsNotRetried() throws Exception {
    raw = new RawServer(c -> c.refuse("503 Service Unavailable", "Retry-After: 7"));

    HandshakeException e = refused(raw.uri("/"));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e).hasMessageThat().contains("Retry-After 7 s");
    assertThat(raw.connections()).hasSize(1); // Tyrus's own Retry-After reconnect stays off
  }

  @Test
  void unauthorizedIs401AndNoCredentialsAreTried() throws Exception {
    raw =
        new RawServer(c -> c.refuse("401 Unauthorized", "WWW-Authenticate: Basic realm=\"test\""));

    HandshakeException e = refused(raw.uri("/"));

    assertThat(e.status()).isEqualTo(401);
    assertThat(raw.connections()).hasSize(1);
  }

  @Test
  void redirectIsNotFollowed() throws Exception {
    try (ServerSocket elsewhere = new ServerSocket(0)) {
      raw =
          new RawServer(
              c ->
                  c.refuse(
                      "302 Found", "Location: ws://127.0.0.1:" + elsewhere.getLocalPort() + "/"));

      HandshakeException e = refused(raw.uri("/"));

      assertThat(e.status()).isEqualTo(302);
      assertThat(e).hasMessageThat().contains("redirects are not followed");
      assertThat(raw.connections()).hasSize(1);
    }
  }

  @Test
  void nothingListeningFailsWithAConnectError() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    WebSocketEngine engine =
        Engines.builder(URI.create("ws://127.0.0.1:" + port + "/x?token=secret"), handler).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasCauseThat().isInstanceOf(IOException.class);
    assertThat(e)
        .hasCauseThat()
        .hasMessageThat()
        .startsWith("could not connect to ws://127.0.0.1:" + port + "/x?token=REDACTED: ");
    assertThat(e).hasCauseThat().hasMessageThat().doesNotContain("secret");
  }

  @Test
  void badAcceptKeyIsAnInvalidResponseNotAStatus() throws Exception {
    raw =
        new RawServer(
            c -> {
              c.readRequest();
              c.write(
                  ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          + "Sec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n\r\n")
                      .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
              c.drainUntilClosed();
            });
    WebSocketEngine engine = Engines.builder(raw.uri("/"), handler).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasCauseThat().isNotInstanceOf(HandshakeException.class);
    assertThat(e)
        .hasCauseThat()
        .hasMessageThat()
        .startsWith("invalid WebSocket handshake response from ws://127.0.0.1:");
  }
}
