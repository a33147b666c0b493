package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.HandshakeException;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;

/** DESIGN.md "start()": success, every failure path, and what is left behind (nothing). */
class EngineStartTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();

  @AfterEach
  void nothingLeftRunning() {
    Engines.assertNoEngineThreads();
  }

  @BothDispatchers
  void startConnectsRunsOnOpenStartsReadersAndReturns(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(3).build();
    engine.start();
    try {
      assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
      assertThat(handler.events()).containsExactly("open first");
      assertThat(transport.dialCount()).isEqualTo(1);
      // Nothing arrives: no engine thread is busy (the pool's threads wait for work, then end).
      Engines.awaitNoBusyEngineThreads();
      transport.lastConnection().pushText("hello");
      handler.await("text hello", WAIT);
    } finally {
      engine.stop();
    }
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
  }

  @BothDispatchers
  void dialFailureFailsStartAndLeavesNothingRunning(DispatcherMode mode) {
    transport.failDial(new IOException("connection refused"));
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo("could not connect to ws://127.0.0.1:9/test: connection refused");
    assertThat(e).hasCauseThat().hasMessageThat().isEqualTo("connection refused");
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
    assertThat(handler.events()).isEmpty();
  }

  @BothDispatchers
  void dialFailureNamingTheUriIsSaidOnce(DispatcherMode mode) {
    transport.failDial(
        new IOException("could not connect to ws://127.0.0.1:9/test: Connection refused"));
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo("could not connect to ws://127.0.0.1:9/test: Connection refused");
    assertThat(e).hasCauseThat().isInstanceOf(IOException.class);
  }

  @BothDispatchers
  void refusedHandshakeFailsStartWithTheStatus(DispatcherMode mode) {
    transport.refuse(503);
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasCauseThat().isInstanceOf(HandshakeException.class);
    assertThat(((HandshakeException) e.getCause()).status()).isEqualTo(503);
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
  }

  @BothDispatchers
  void onOpenThrowingFailsStartAndClosesWithGoingAway(DispatcherMode mode) {
    handler.onOpen(
        (info, c, control) -> {
          throw new IllegalStateException("not today");
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e)
        .hasMessageThat()
        .startsWith("@OnOpen of dev.wsengine.testing.RecordingHandler failed");
    assertThat(e).hasCauseThat().hasMessageThat().isEqualTo("not today");
    assertThat(transport.lastConnection().closeStatus()).hasValue(CloseStatus.GOING_AWAY);
    assertThat(handler.events()).containsExactly("open first"); // no @OnClose: no session began
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
  }

  @BothDispatchers
  void onOpenCallingExitFailsStartAndClosesWithGoingAway(DispatcherMode mode) {
    handler.onOpen((info, c, control) -> control.exit());
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().contains("called exit()");
    assertThat(transport.lastConnection().closeStatus()).hasValue(CloseStatus.GOING_AWAY);
    assertThat(handler.events()).containsExactly("open first");
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
  }

  @BothDispatchers
  void dialSlowerThanOpenTimeoutFailsStartInTime(DispatcherMode mode) {
    transport.hang();
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).openTimeout(Duration.ofMillis(200)).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo("could not open ws://127.0.0.1:9/test within openTimeout PT0.2S");
    // The transport is told the open timeout too, so it cannot wait longer than that itself.
    assertThat(transport.dials().get(0).options().handshakeTimeout())
        .isEqualTo(Duration.ofMillis(200));
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
  }

  @BothDispatchers
  void onOpenSlowerThanOpenTimeoutFailsStartAndClosesTheConnection(DispatcherMode mode) {
    CountDownLatch never = new CountDownLatch(1);
    handler.onOpen((info, c, control) -> never.await()); // interruptible: the engine interrupts it
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).openTimeout(Duration.ofMillis(200)).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasCauseThat().isInstanceOf(TimeoutException.class);
    InMemoryConnection connection = transport.lastConnection();
    assertThat(connection.aborted() || connection.closeStatus().isPresent()).isTrue();
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
  }

  @BothDispatchers
  void failedFirstStartDoesNotRetry(DispatcherMode mode) {
    transport.failDial(new IOException("down"));
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport)
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1)))
            .build();

    assertThrows(EngineStartException.class, engine::start);

    assertThat(transport.dialCount()).isEqualTo(1);
  }

  @BothDispatchers
  void startOnRunningEngineFails(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, engine::start);
      assertThat(e)
          .hasMessageThat()
          .isEqualTo("start() needs a new or stopped engine; this one is RUNNING");
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void stoppedEngineStartsAgain(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    engine.stop();
    engine.start();
    try {
      assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
      assertThat(handler.events())
          .containsExactly("open first", "close none", "open first")
          .inOrder();
      assertThat(transport.dialCount()).isEqualTo(2);
    } finally {
      engine.stop();
    }
  }
}
