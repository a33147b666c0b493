package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.OpenInfo;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** End to end through the engine, with an annotated handler, against both servers. */
class EchoTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final RecordingHandler handler = new RecordingHandler();
  private TestServer server;
  private WebSocketEngine engine;

  @AfterEach
  void tearDown() {
    if (engine != null) {
      engine.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void echoesTextAndBinaryThroughAnnotatedHandler(ServerKind kind) throws Exception {
    server = kind.start();
    handler.onOpen(
        (info, c, control) -> {
          c.sendText("hello");
          c.sendBinary("bytes".getBytes(StandardCharsets.UTF_8));
        });
    // A reply returned by @OnMessage goes back to the server, which echoes it once more.
    handler.onText((text, c, control) -> text.equals("hello") ? "reply" : null);
    // No transport given: the engine finds this module's with ServiceLoader.
    engine = Engines.builder(server.uri("/echo"), handler).readers(1).build();
    engine.start();

    handler.await("text reply", WAIT);
    handler.await("binary bytes", WAIT);
    assertThat(handler.events())
        .containsAtLeast("open first", "text hello", "text reply")
        .inOrder();
    assertThat(ThreadCounts.names("wsengine-tyrus-keepalive"))
        .hasSize(1); // the default keepalive runs

    engine.stop();
    assertThat(handler.events()).contains("close none"); // we closed: OnClose got no status
    assertThat(ServerEvents.await("close", WAIT))
        .isEqualTo("close 1001"); // none returned: Going Away
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void handshakeCarriesHeadersAndSubprotocolBothWays(ServerKind kind) throws Exception {
    server = kind.start();
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-Client", "one")
            .header("X-Client", "two")
            .subprotocol("chat")
            .build();
    engine = Engines.builder(server.uri("/echo"), handler).connectOptions(options).build();
    engine.start();

    OpenInfo info = handler.opens().get(handler.opens().size() - 1);
    assertThat(info.restarting()).isFalse();
    assertThat(info.handshake().subprotocol()).hasValue("chat");
    assertThat(info.handshake().header("x-test-server"))
        .hasValue(kind.name().toLowerCase(java.util.Locale.ROOT));
    assertThat(info.handshake().uri()).isEqualTo(server.uri("/echo"));
    assertThat(ServerEvents.await("header x-client", WAIT)).matches("header x-client=one, ?two");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void largeMessagesWithinTheLimitArriveWhole(ServerKind kind) throws Exception {
    server = kind.start();
    byte[] big = new byte[900 * 1024]; // over the servers' frame size: Jetty sends it in fragments
    Arrays.fill(big, (byte) 'x');
    big[big.length - 1] = 'y';
    CompletableFuture<byte[]> received = new CompletableFuture<>();
    handler.onBinary((data, c, control) -> received.complete(data));
    handler.onOpen((info, c, control) -> c.sendBinary(big));
    engine = Engines.builder(server.uri("/echo"), handler).build();
    engine.start();

    int mismatch = Arrays.mismatch(received.get(WAIT.toSeconds(), TimeUnit.SECONDS), big);
    assertWithMessage("first difference at %s of %s", mismatch, big.length)
        .that(mismatch)
        .isEqualTo(-1);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void textLimitCountsUtf8Bytes(ServerKind kind) throws Exception {
    server = kind.start();
    String fits = "€".repeat(333); // 999 bytes
    String tooBig = "€".repeat(334); // 1002 bytes, only 334 chars
    handler.onOpen(
        (info, c, control) -> {
          c.sendText(fits);
          c.sendText(tooBig);
        });
    ConnectOptions options = ConnectOptions.builder().maxTextMessageBytes(1000).build();
    engine =
        Engines.builder(server.uri("/echo"), handler).readers(1).connectOptions(options).build();
    engine.start();

    handler.await("close 1009 text message over the limit of 1000 bytes", WAIT);
    assertThat(handler.events())
        .containsExactly(
            "open first", "text " + fits, "close 1009 text message over the limit of 1000 bytes")
        .inOrder();
    assertThat(ServerEvents.await("close", WAIT)).startsWith("close 1009");
  }
}
