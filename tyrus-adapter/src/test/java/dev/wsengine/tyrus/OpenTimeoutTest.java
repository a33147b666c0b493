package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A handshake slower than the open timeout fails start() in time: the engine caps the transport's
 * handshake timeout by it, and the transport gives up on its own clock. The extension then checks
 * that Tyrus's threads for the abandoned attempt are gone too.
 */
class OpenTimeoutTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final Duration OPEN_TIMEOUT = Duration.ofMillis(500);

  /** start() must fail within the open timeout and this much more. */
  private static final Duration SLACK = Duration.ofMillis(1500);

  private final RecordingHandler handler = new RecordingHandler();
  private TestServer server;
  private RawServer raw;

  @AfterEach
  void tearDown() throws Exception {
    ServerEvents.openHandshakes();
    if (server != null) {
      server.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  private void failsInTime(URI uri) {
    WebSocketEngine engine = Engines.builder(uri, handler).openTimeout(OPEN_TIMEOUT).build();
    long start = System.nanoTime();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isAtLeast(OPEN_TIMEOUT.minusMillis(50));
    assertThat(took).isLessThan(OPEN_TIMEOUT.plus(SLACK));
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.events()).isEmpty();
    // The engine's open timeout and the transport's handshake timeout (which the engine caps by
    // it) are the same here; whichever fires first names itself. (Tyrus's own, also the same, is
    // reported as the transport's.)
    assertThat(e)
        .hasMessageThat()
        .containsMatch("within openTimeout PT0.5S|longer than the handshake timeout PT0.5S");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void serverThatHoldsTheHandshakeFailsStartInTime(ServerKind kind) {
    server = kind.start();
    ServerEvents.holdHandshakes();

    failsInTime(server.uri("/echo"));
  }

  @Test
  void serverThatNeverAnswersFailsStartInTime() throws Exception {
    raw = new RawServer(connection -> connection.drainUntilClosed());

    failsInTime(raw.uri("/"));
  }
}
