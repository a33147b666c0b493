package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.Pause;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On a real connection that carries nothing, pause, restart and stop take effect at once: a read
 * blocked in the transport is interruptible, and loses nothing when interrupted.
 */
class SilentConnectionTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  /** "At once": well under any timeout in play, with room for a slow CI machine. */
  private static final Duration PROMPT = Duration.ofSeconds(2);

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
  void pauseRestartAndStopArePromptOnASilentConnection(ServerKind kind) throws Exception {
    server = kind.start();
    engine =
        Engines.builder(server.uri("/echo"), handler)
            .readers(2)
            .reconnect(Engines.FAST_RECONNECT)
            .build();
    engine.start();

    long start = System.nanoTime();
    try (Pause pause = engine.pause()) {
      assertThat(elapsed(start)).isLessThan(PROMPT);
      // The connection is ours now: a request, then its answer, with no reader in between.
      handler.lastConnection().sendText("mine");
      Optional<dev.wsengine.Message> answer = handler.lastConnection().receive(WAIT);
      assertThat(answer.map(dev.wsengine.Message::text)).hasValue("mine");
      assertThat(handler.lastConnection().receive(Duration.ofMillis(50))).isEmpty();
    }
    handler.lastConnection().sendText("readers again");
    handler.await("text readers again", WAIT);

    start = System.nanoTime();
    engine.restart();
    handler.await("open restart 1", WAIT);
    assertThat(elapsed(start)).isLessThan(PROMPT);
    // OnOpen recorded its event on entry; the session is the engine's once OnOpen has returned.
    Await.until(() -> engine.state() == EngineState.RUNNING, WAIT, "the new session to start");
    assertThat(handler.events())
        .containsExactly("open first", "text readers again", "close none", "open restart 1")
        .inOrder();

    start = System.nanoTime();
    engine.stop();
    assertThat(elapsed(start)).isLessThan(PROMPT);
    // Both sessions ended with the engine's default close frame, 1001 Going Away.
    ServerEvents.awaitCount("close 1001", 2, WAIT);
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
