package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawConnection;
import dev.wsengine.testing.transport.RawConnection.Frame;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A raw-socket server that completes the handshake and then breaks the protocol, or the link. Each
 * case has one documented outcome (docs/tyrus.md): the status {@code @OnClose} receives, exactly
 * once, and the close frame the client answers with.
 */
class HostileFramesTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final RecordingHandler handler = new RecordingHandler();
  private final CompletableFuture<List<Frame>> clientFrames = new CompletableFuture<>();
  private RawServer server;
  private WebSocketEngine engine;

  @AfterEach
  void tearDown() throws Exception {
    if (engine != null) {
      engine.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Serves one connection: handshake, then {@code hostile}, then records what the client sends. */
  private void serve(RawServer.Script hostile) throws Exception {
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.readInBackground();
              hostile.run(connection);
              clientFrames.complete(connection.awaitEnd(WAIT));
            });
    engine = Engines.builder(server.uri("/"), handler).build();
    engine.start();
  }

  /** The one status @OnClose received, once the engine (which does not reconnect) stopped. */
  private CloseStatus onlyClose() throws InterruptedException {
    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.closes()).hasSize(1);
    return handler.closes().get(0);
  }

  /** The close frame the client sent back, if any. */
  private List<Frame> closeFramesFromClient() throws Exception {
    return clientFrames.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).stream()
        .filter(f -> f.opcode() == RawConnection.CLOSE)
        .toList();
  }

  @Test
  void invalidUtf8InATextFrameCloses1007() throws Exception {
    serve(
        c ->
            c.sendFrame(
                RawConnection.fin(RawConnection.TEXT), new byte[] {'a', (byte) 0xC3, 0x28}));

    assertThat(onlyClose().code()).isEqualTo(1007);
    assertThat(closeFramesFromClient()).hasSize(1);
    assertThat(closeFramesFromClient().get(0).closeCode()).isEqualTo(1007);
    assertThat(handler.events(e -> e.startsWith("text"))).isEmpty();
  }

  @Test
  void maskedFrameFromServerClosesWith1002AndDeliversNothing() throws Exception {
    serve(
        c -> {
          c.sendText("before");
          // One write: the client closes as soon as it sees the mask bit, and a later write could
          // fail.
          ByteArrayOutputStream rest = new ByteArrayOutputStream();
          rest.writeBytes(
              RawConnection.maskedFrame(
                  RawConnection.fin(RawConnection.TEXT),
                  "masked!".getBytes(StandardCharsets.UTF_8),
                  new byte[] {1, 2, 3, 4}));
          rest.writeBytes(
              new byte[] {
                (byte) RawConnection.fin(RawConnection.TEXT), 5, 'a', 'f', 't', 'e', 'r'
              });
          c.write(rest.toByteArray());
        });

    CloseStatus status = onlyClose();
    assertThat(status.code()).isEqualTo(1002);
    assertThat(status.reason()).isEqualTo("masked frame from the server");
    assertThat(closeFramesFromClient()).hasSize(1);
    assertThat(closeFramesFromClient().get(0).closeCode()).isEqualTo(1002);
    assertThat(handler.events(e -> e.startsWith("text"))).containsExactly("text before");
  }

  @Test
  void negativeFrameLengthClosesWith1002() throws Exception {
    serve(
        c -> {
          c.sendText("before");
          // A 64-bit length of -1: its most significant bit is set, which RFC 6455 (5.2) forbids.
          c.write(
              new byte[] {
                (byte) RawConnection.fin(RawConnection.BINARY),
                127,
                -1,
                -1,
                -1,
                -1,
                -1,
                -1,
                -1,
                -1,
                1,
                2,
                3
              });
        });

    CloseStatus status = onlyClose();
    assertThat(status.code()).isEqualTo(1002);
    assertThat(status.reason()).isEqualTo("frame length with the most significant bit set");
    assertThat(closeFramesFromClient()).hasSize(1);
    assertThat(closeFramesFromClient().get(0).closeCode()).isEqualTo(1002);
    assertThat(handler.events(e -> e.startsWith("text") || e.startsWith("binary")))
        .containsExactly("text before");
  }

  @Test
  void closeCode999IsAProtocolError1002() throws Exception {
    serve(
        c ->
            c.sendFrame(
                RawConnection.fin(RawConnection.CLOSE), RawConnection.closePayload(999, "nope")));

    assertThat(onlyClose().code()).isEqualTo(1002);
    assertThat(closeFramesFromClient().get(0).closeCode()).isEqualTo(1002);
  }

  @Test
  void resetAfterHandshakeIs1006() throws Exception {
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.reset();
            });
    engine = Engines.builder(server.uri("/"), handler).build();
    engine.start();

    assertThat(onlyClose()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
  }

  @Test
  void endOfStreamWithoutCloseFrameIs1006() throws Exception {
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.sendText("last words");
              connection.close();
            });
    engine = Engines.builder(server.uri("/"), handler).readers(1).build();
    engine.start();

    assertThat(onlyClose()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
    assertThat(handler.events())
        .containsExactly("open first", "text last words", "close 1006")
        .inOrder();
  }

  @Test
  void closeFrameWithoutStatusIsReportedAsTyrusDoes() throws Exception {
    serve(c -> c.sendFrame(RawConnection.fin(RawConnection.CLOSE), new byte[0]));

    CloseStatus status = onlyClose();
    // RFC 6455 would report 1005; Tyrus reports an empty close frame as 1000.
    assertThat(status.code()).isEqualTo(1000);
    assertThat(closeFramesFromClient().get(0).closeCode()).isEqualTo(1000);
  }

  @Test
  void unknownOpcodeIsAProtocolError1002() throws Exception {
    serve(c -> c.sendFrame(RawConnection.fin(0x3), new byte[] {1}));

    assertThat(onlyClose().code()).isEqualTo(1002);
    assertThat(closeFramesFromClient().get(0).closeCode()).isEqualTo(1002);
  }

  @Test
  void reservedBitWithoutExtensionIsAProtocolError1002() throws Exception {
    serve(
        c ->
            c.sendFrame(
                0x40 | RawConnection.fin(RawConnection.TEXT),
                "x".getBytes(StandardCharsets.UTF_8)));

    assertThat(onlyClose().code()).isEqualTo(1002);
  }

  @Test
  void fragmentedPingIsAProtocolError1002() throws Exception {
    serve(c -> c.sendFrame(RawConnection.PING, new byte[] {1}));

    assertThat(onlyClose().code()).isEqualTo(1002);
  }

  @Test
  void continuationWithoutAStartIsAProtocolError1002() throws Exception {
    serve(c -> c.sendFrame(RawConnection.fin(RawConnection.CONTINUATION), new byte[] {1}));

    assertThat(onlyClose().code()).isEqualTo(1002);
  }

  @Test
  void closeReasonWithInvalidUtf8Is1007() throws Exception {
    serve(
        c ->
            c.sendFrame(
                RawConnection.fin(RawConnection.CLOSE),
                new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28}));

    assertThat(onlyClose().code()).isEqualTo(1007);
  }

  @Test
  void serverCloseFrameIsReportedWithItsCodeAndReason() throws Exception {
    serve(c -> c.close(4000, "raw goodbye"));

    assertThat(onlyClose()).isEqualTo(CloseStatus.received(4000, "raw goodbye"));
    assertThat(closeFramesFromClient().get(0).closeCode()).isEqualTo(4000);
  }
}
