package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server goes away and comes back on the same port; the engine reconnects by itself. */
class ServerRestartTest {
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
  void serverRestartMakesEngineReconnectWithRestartingTrue(ServerKind kind) throws Exception {
    server = kind.start();
    engine =
        Engines.builder(server.uri("/echo"), handler).reconnect(Engines.FAST_RECONNECT).build();
    engine.start();
    handler.lastConnection().sendText("before");
    handler.await("text before", WAIT);

    server.stop();
    String closed = handler.awaitPrefix("close", WAIT);
    handler.awaitPrefix("restart error", WAIT); // the server is down: attempts fail meanwhile
    server.start();
    String reopened = handler.awaitPrefix("open restart", WAIT);
    handler.lastConnection().sendText("after");
    handler.await("text after", WAIT);

    assertThat(handler.opens().get(handler.opens().size() - 1).restarting()).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    // Tyrus's server drops the link (1006); Jetty says it is going away (1001). One OnClose either
    // way.
    assertThat(closed).isAnyOf("close 1006", "close 1001");
    assertThat(handler.events(e -> e.startsWith("close"))).containsExactly(closed);
    assertThat(reopened).matches("open restart \\d+");
  }
}
