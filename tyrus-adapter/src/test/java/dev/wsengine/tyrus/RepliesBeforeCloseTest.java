package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Pause;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawConnection;
import dev.wsengine.testing.transport.RawConnection.Frame;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A raw server sends valid messages and then breaks the protocol (Autobahn 3.2 to 3.4, 4.1.3 to
 * 4.1.5, 4.2.3 to 4.2.5, 5.15) or sends its close frame (7.1.6): the messages before it reach
 * {@code @OnMessage}, and the replies it returns reach the server before the client's close frame.
 * Tyrus's close is held back until the engine closes (or {@link TyrusConnection#REPLY_GRACE}), and
 * a stop ends the hold at once.
 */
class RepliesBeforeCloseTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  /** Frames Tyrus fails the connection for with 1002. */
  enum InvalidFrame {
    RESERVED_BIT(
        0x40 | RawConnection.fin(RawConnection.TEXT), "x".getBytes(StandardCharsets.UTF_8)),
    RESERVED_OPCODE(RawConnection.fin(0x5), new byte[] {1}),
    FRAGMENTED_PING(RawConnection.PING, new byte[] {1}),
    CONTINUATION_WITHOUT_START(RawConnection.fin(RawConnection.CONTINUATION), new byte[] {1}),
    // Found by the transport's frame guard before Tyrus parses them (RFC 6455 5.1, 5.2).
    MASKED(
        RawConnection.maskedFrame(
            RawConnection.fin(RawConnection.TEXT), new byte[] {'x'}, new byte[] {1, 2, 3, 4})),
    NEGATIVE_LENGTH(
        new byte[] {
          (byte) RawConnection.fin(RawConnection.BINARY), 127, -1, -1, -1, -1, -1, -1, -1, -1, 1
        });

    final byte[] bytes;

    InvalidFrame(int firstByte, byte[] payload) {
      this(RawConnection.frame(firstByte, payload));
    }

    InvalidFrame(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  /**
   * Whether the invalid frame comes in the messages' write (one socket read, likely) or its own.
   */
  enum Writes {
    SAME_WRITE,
    SEPARATE_WRITES
  }

  /** Well under {@link TyrusConnection#REPLY_GRACE}: what ends the hold did, not the deadline. */
  private static final Duration PROMPT = Duration.ofSeconds(2);

  private final RecordingHandler handler = new RecordingHandler();
  private final CompletableFuture<List<Frame>> clientFrames = new CompletableFuture<>();
  private RawServer server;
  private WebSocketEngine engine;
  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();
  private TyrusConnection connection;

  @AfterEach
  void tearDown() throws Exception {
    if (engine != null) {
      engine.stop();
    }
    if (connection != null) {
      connection.abort();
    }
    if (server != null) {
      server.close();
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(InvalidFrame.values())
        .flatMap(
            invalid -> Stream.of(Writes.values()).map(writes -> Arguments.of(invalid, writes)));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("cases")
  void messageBeforeAProtocolErrorIsDeliveredAndItsReplySent(InvalidFrame invalid, Writes writes)
      throws Exception {
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.readInBackground();
              if (writes == Writes.SAME_WRITE) {
                connection.write(messagesThen(invalid.bytes, "m1", "m2", "m3"));
              } else {
                connection.write(messagesThen(new byte[0], "m1", "m2", "m3"));
                connection.write(invalid.bytes);
              }
              clientFrames.complete(connection.awaitEnd(WAIT));
            });
    handler.onText((text, c, control) -> "reply:" + text);
    engine = Engines.builder(server.uri("/"), handler).readers(1).build();
    engine.start();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.closes()).hasSize(1);
    assertThat(handler.closes().get(0).code()).isEqualTo(1002);
    assertThat(handler.events(e -> e.startsWith("text") || e.startsWith("read error")))
        .containsExactly("text m1", "text m2", "text m3")
        .inOrder();

    List<String> fromClient =
        clientFrames.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).stream()
            .map(RepliesBeforeCloseTest::describe)
            .toList();
    assertThat(fromClient)
        .containsExactly("text reply:m1", "text reply:m2", "text reply:m3", "close 1002")
        .inOrder();
  }

  @Test
  void messageBeforeACloseFrameIsDeliveredAndItsReplySent() throws Exception {
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.readInBackground();
              byte[] close =
                  RawConnection.frame(
                      RawConnection.fin(RawConnection.CLOSE),
                      RawConnection.closePayload(4000, "bye"));
              connection.write(messagesThen(close, "m1", "m2", "m3"));
              clientFrames.complete(connection.awaitEnd(WAIT));
            });
    handler.onText((text, c, control) -> "reply:" + text);
    engine = Engines.builder(server.uri("/"), handler).readers(1).build();
    engine.start();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(handler.events())
        .containsExactly("open first", "text m1", "text m2", "text m3", "close 4000 bye")
        .inOrder();
    List<String> fromClient =
        clientFrames.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).stream()
            .map(RepliesBeforeCloseTest::describe)
            .toList();
    assertThat(fromClient)
        .containsExactly("text reply:m1", "text reply:m2", "text reply:m3", "close 4000")
        .inOrder();
  }

  @Test
  void repliesOfEveryReaderGoOutBeforeTheClose() throws Exception {
    String[] texts = new String[20];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = "m" + i;
    }
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.readInBackground();
              connection.write(messagesThen(InvalidFrame.FRAGMENTED_PING.bytes, texts));
              clientFrames.complete(connection.awaitEnd(WAIT));
            });
    handler.onText((text, c, control) -> "reply:" + text);
    engine = Engines.builder(server.uri("/"), handler).readers(4).build();
    engine.start();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    List<String> fromClient =
        clientFrames.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).stream()
            .map(RepliesBeforeCloseTest::describe)
            .toList();
    assertThat(fromClient).hasSize(texts.length + 1);
    assertThat(fromClient.get(texts.length)).isEqualTo("close 1002");
    assertThat(fromClient.subList(0, texts.length))
        .containsExactlyElementsIn(Stream.of(texts).map(t -> "text reply:" + t).toList());
  }

  @Test
  void stopWhileTheCloseIsHeldBackIsPrompt() throws Exception {
    CompletableFuture<Void> paused = new CompletableFuture<>();
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.readInBackground();
              paused.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
              connection.write(messagesThen(InvalidFrame.RESERVED_BIT.bytes, "m1"));
              clientFrames.complete(connection.awaitEnd(WAIT));
            });
    handler.onText((text, c, control) -> "reply:" + text);
    engine = Engines.builder(server.uri("/"), handler).readers(1).build();
    engine.start();
    Connection open = engine.connection().orElseThrow();
    Pause pause = engine.pause(); // nobody reads: m1 stays in the inbox, the close stays held
    paused.complete(null);
    Await.until(() -> !open.isOpen(), WAIT, "the protocol error to arrive");

    long start = System.nanoTime();
    engine.stop();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
    List<String> fromClient =
        clientFrames.get(PROMPT.toMillis(), TimeUnit.MILLISECONDS).stream()
            .map(RepliesBeforeCloseTest::describe)
            .toList();
    assertThat(fromClient)
        .containsExactly("close 1002"); // m1 was discarded by the stop, as documented
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
    assertThat(handler.events(e -> e.startsWith("text"))).isEmpty();
    pause.close();
  }

  @Test
  void theTransportStillSendsUntilClosedThenTyrusClosesAtOnce() throws Exception {
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.readInBackground();
              connection.write(messagesThen(InvalidFrame.RESERVED_OPCODE.bytes, "m1"));
              clientFrames.complete(connection.awaitEnd(WAIT));
            });
    connection = (TyrusConnection) transport.connect(server.uri("/"), ConnectOptions.defaults());

    assertThat(connection.read(WAIT).text()).isEqualTo("m1");
    ConnectionClosedException closed =
        assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));
    assertThat(closed.status().code()).isEqualTo(1002);
    assertThat(connection.isOpen()).isFalse();
    connection.sendText("reply:m1"); // held back: data still goes out
    assertThrows(
        ConnectionClosedException.class, () -> connection.ping(WAIT)); // its pong could not be read
    long start = System.nanoTime();
    connection.close(CloseStatus.GOING_AWAY);

    List<String> fromClient =
        clientFrames.get(PROMPT.toMillis(), TimeUnit.MILLISECONDS).stream()
            .map(RepliesBeforeCloseTest::describe)
            .toList();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
    assertThat(fromClient)
        .containsExactly("text reply:m1", "close 1002")
        .inOrder(); // Tyrus's code, not ours
    assertThrows(ConnectionClosedException.class, () -> connection.sendText("late"));
  }

  @Test
  void aHeldBackCloseGoesOutAfterTheGraceWhenNobodyCloses() throws Exception {
    server =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.readInBackground();
              connection.write(messagesThen(InvalidFrame.CONTINUATION_WITHOUT_START.bytes, "m1"));
              clientFrames.complete(connection.awaitEnd(TyrusConnection.REPLY_GRACE.plus(WAIT)));
            });
    connection = (TyrusConnection) transport.connect(server.uri("/"), ConnectOptions.defaults());
    assertThat(connection.read(WAIT).text()).isEqualTo("m1");
    assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));

    List<Frame> fromClient =
        clientFrames.get(TyrusConnection.REPLY_GRACE.plus(WAIT).toMillis(), TimeUnit.MILLISECONDS);

    assertThat(fromClient.stream().map(RepliesBeforeCloseTest::describe).toList())
        .containsExactly("close 1002");
    ConnectionClosedException late =
        assertThrows(ConnectionClosedException.class, () -> connection.sendText("late"));
    assertThat(late.status().code()).isEqualTo(1002);
  }

  /** Text frames with {@code texts}, then {@code last}, as one write. */
  private static byte[] messagesThen(byte[] last, String... texts) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String text : texts) {
      bytes.write(
          RawConnection.frame(
              RawConnection.fin(RawConnection.TEXT), text.getBytes(StandardCharsets.UTF_8)));
    }
    bytes.write(last);
    return bytes.toByteArray();
  }

  private static String describe(Frame frame) {
    return switch (frame.opcode()) {
      case RawConnection.TEXT -> "text " + new String(frame.payload(), StandardCharsets.UTF_8);
      case RawConnection.CLOSE -> "close " + frame.closeCode();
      default -> "opcode " + frame.opcode();
    };
  }
}
