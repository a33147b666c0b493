package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.EngineControl;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;

/**
 * DESIGN.md "restart() / exit()" and "stop()": what gowse does not do. Every test first proves the
 * connection is silent (a reader is parked in read with nothing to read) and then expects the call
 * to take effect anyway, within {@link #PROMPT}. On a silent connection nothing but the engine
 * waking its reader can make that happen, so a deadline is all these tests need; none measures a
 * time.
 */
@SuppressWarnings("try") // Stopping
class PromptnessTest {
  /**
   * The deadline for something that must happen promptly. The engine needs milliseconds; the rest
   * is headroom for a loaded machine. An engine that waited for the next message would miss it
   * whatever its length, since none comes.
   */
  static final Duration PROMPT = Duration.ofSeconds(1);

  /** Reconnects at once, so that a restart's new session opens within {@link #PROMPT}. */
  private static final ReconnectPolicy RECONNECT_AT_ONCE =
      ReconnectPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1));

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final TestThread user = new TestThread("test-user");

  @AfterEach
  void nothingLeftRunningAndNoReadsOverlapped() {
    user.close();
    Engines.assertNoEngineThreads();
    for (InMemoryConnection connection : transport.connections()) {
      assertThat(connection.concurrentReadViolations()).isEmpty();
      assertThat(connection.concurrentReads()).isEqualTo(0);
    }
  }

  @BothDispatchers
  void restartFromOutsideOnASilentConnectionClosesTheSessionAndOpensANewOnePromptly(
      DispatcherMode mode) throws Exception {
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).readers(4).reconnect(RECONNECT_AT_ONCE).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection first = transport.lastConnection();
      UUID firstSession = handler.lastConnection().sessionId();
      first.awaitReaderBlocked(WAIT);

      user.run(PROMPT, "engine.restart()", engine::restart);

      expectNewSessionAfterRestart(engine, first, firstSession);
    }
  }

  @BothDispatchers
  void controlRestartFromAnotherThreadOnASilentConnectionClosesTheSessionAndOpensANewOnePromptly(
      DispatcherMode mode) throws Exception {
    AtomicReference<EngineControl> control = new AtomicReference<>();
    handler.onOpen((info, connection, engineControl) -> control.compareAndSet(null, engineControl));
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).readers(4).reconnect(RECONNECT_AT_ONCE).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection first = transport.lastConnection();
      UUID firstSession = handler.lastConnection().sessionId();
      first.awaitReaderBlocked(WAIT);

      user.run(PROMPT, "control.restart()", () -> control.get().restart());

      expectNewSessionAfterRestart(engine, first, firstSession);
    }
  }

  private void expectNewSessionAfterRestart(
      WebSocketEngine engine, InMemoryConnection first, UUID firstSession) {
    handler.await("close none", PROMPT);
    assertThat(first.awaitClosed(PROMPT)).isEqualTo(CloseStatus.GOING_AWAY);
    handler.await("open restart 1", PROMPT);
    InMemoryConnection second = transport.awaitConnection(1, PROMPT);
    Await.until(
        () -> engine.state() == EngineState.RUNNING,
        PROMPT,
        () -> "the engine to be RUNNING again; it is " + engine.state());
    assertThat(handler.lastConnection().sessionId()).isNotEqualTo(firstSession);

    // The new session's readers read.
    second.pushText("hello");
    handler.await("text hello", PROMPT);
    assertThat(handler.events())
        .containsExactly("open first", "close none", "open restart 1", "text hello")
        .inOrder();
    assertThat(transport.dialCount()).isEqualTo(2);
  }

  @BothDispatchers
  void awaitTerminationTakesAnyTimeoutFromNegativeToForever(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      assertThat(engine.awaitTermination(Duration.ofSeconds(-1))).isFalse();
      assertThat(engine.awaitTermination(Duration.ZERO)).isFalse();

      engine.exit();

      assertThat(engine.awaitTermination(ChronoUnit.FOREVER.getDuration())).isTrue();
      assertThat(ThreadCounts.names("wsengine-")).isEmpty();
    }
  }

  @BothDispatchers
  void exitOnASilentConnectionStopsTheEnginePromptly(DispatcherMode mode) throws Exception {
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).readers(4).reconnect(RECONNECT_AT_ONCE).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection connection = transport.lastConnection();
      connection.awaitReaderBlocked(WAIT);

      user.run(PROMPT, "engine.exit()", engine::exit);

      assertThat(engine.awaitTermination(PROMPT)).isTrue();
      assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
      assertThat(ThreadCounts.names("wsengine-")).isEmpty();
      assertThat(handler.events()).containsExactly("open first", "close none").inOrder();
      assertThat(connection.closeStatus()).hasValue(CloseStatus.GOING_AWAY);
      assertThat(transport.dialCount()).isEqualTo(1); // exit does not reconnect
    }
  }

  @BothDispatchers
  void stopOnASilentConnectionReturnsPromptlyAndLeavesNoThreads(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection connection = transport.lastConnection();
      connection.awaitReaderBlocked(WAIT);

      user.run(PROMPT, "engine.stop()", engine::stop);

      // stop() joined every engine thread before returning: nothing to wait for.
      assertThat(ThreadCounts.names("wsengine-")).isEmpty();
      assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
      assertThat(handler.events()).containsExactly("open first", "close none").inOrder();
      assertThat(connection.closeStatus()).hasValue(CloseStatus.GOING_AWAY);
    }
  }

  @BothDispatchers
  void stopFromInsideOnMessageDoesNotDeadlock(DispatcherMode mode) throws Exception {
    AtomicReference<WebSocketEngine> self = new AtomicReference<>();
    CountDownLatch stopReturned = new CountDownLatch(1);
    handler.onText(
        (text, connection, control) -> {
          self.get().stop();
          stopReturned.countDown();
          return null;
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    self.set(engine);
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection connection = transport.lastConnection();
      connection.awaitReaderBlocked(WAIT);

      connection.pushText("stop");

      assertThat(stopReturned.await(PROMPT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
      // The other readers were parked on a silent connection: the engine still ends promptly.
      assertThat(engine.awaitTermination(PROMPT)).isTrue();
      assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
      assertThat(handler.events())
          .containsExactly("open first", "text stop", "close none")
          .inOrder();
      assertThat(connection.closeStatus()).hasValue(CloseStatus.GOING_AWAY);
    }
  }

  @BothDispatchers
  void stopFromInsideOnReadErrorDoesNotDeadlock(DispatcherMode mode) throws Exception {
    AtomicReference<WebSocketEngine> self = new AtomicReference<>();
    CountDownLatch stopReturned = new CountDownLatch(1);
    handler.onReadError(
        (error, connection, control) -> {
          self.get().stop(); // while this reader holds the read permit
          stopReturned.countDown();
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    self.set(engine);
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection connection = transport.lastConnection();
      connection.awaitReaderBlocked(WAIT);

      connection.pushReadError(new IOException("boom"));

      assertThat(stopReturned.await(PROMPT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
      assertThat(engine.awaitTermination(PROMPT)).isTrue();
      assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
      assertThat(handler.events())
          .containsExactly("open first", "read error IOException: boom", "close none")
          .inOrder();
      assertThat(connection.closeStatus()).hasValue(CloseStatus.GOING_AWAY);
    }
  }
}
