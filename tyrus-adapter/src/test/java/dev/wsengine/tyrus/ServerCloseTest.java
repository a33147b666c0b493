package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server ends the session with a close frame. */
class ServerCloseTest {
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
  void serverCloseWithCodeAndReasonReachesOnClose(ServerKind kind) throws Exception {
    server = kind.start();
    handler.onOpen((info, c, control) -> c.sendText("cmd:close 4001 bye for now"));
    engine = Engines.builder(server.uri("/echo"), handler).build();
    engine.start();

    assertThat(engine.awaitTermination(WAIT)).isTrue(); // no reconnect: the close stops the engine
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.closes()).containsExactly(CloseStatus.received(4001, "bye for now"));
    assertThat(handler.events()).containsExactly("open first", "close 4001 bye for now").inOrder();
    assertThat(ServerEvents.await("close", WAIT)).startsWith("close 4001"); // Tyrus echoes the code
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void messagesBeforeTheCloseFrameAreHandedOutFirstInOrder(ServerKind kind) throws Exception {
    server = kind.start();
    handler.onOpen((info, c, control) -> c.sendText("cmd:burst-close 200"));
    // Two buffered messages for 200: the burst waits in TCP's buffers behind a full hand-off.
    ConnectOptions options = ConnectOptions.builder().bufferedMessages(2).build();
    engine =
        Engines.builder(server.uri("/echo"), handler).readers(1).connectOptions(options).build();
    engine.start();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    List<String> expected = new ArrayList<>();
    expected.add("open first");
    for (int i = 0; i < 200; i++) {
      expected.add("text m" + i);
    }
    expected.add("close 4002 after burst");
    assertThat(handler.events()).containsExactlyElementsIn(expected).inOrder();
  }
}
