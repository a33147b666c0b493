package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;

/**
 * A user's thread factory that fails (it throws, or returns null) for one of the engine's threads:
 * start() fails with the factory's error, whatever was opened is let go, and nothing is left
 * running. And stop() waits for the factory's threads themselves, not only for the engine's work on
 * them.
 */
class ThreadFactoryFailureTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final RecordingThreadFactory threads = new RecordingThreadFactory();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void nothingLeftRunning() {
    release.countDown();
    Engines.assertNoEngineThreads();
  }

  private WebSocketEngine.Builder builder(DispatcherMode mode) {
    return Engines.builder(mode, handler, transport).threadFactory(threads);
  }

  @BothDispatchers
  void noSupervisorThreadFailsStartAndALaterStartWorks(DispatcherMode mode) throws Exception {
    IllegalStateException refused = new IllegalStateException("thread limit reached");
    threads.failOnceFor("supervisor", refused);
    WebSocketEngine engine = builder(mode).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().isEqualTo("could not start a thread for ws://127.0.0.1:9/test");
    assertThat(e).hasCauseThat().isSameInstanceAs(refused);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.dialCount()).isEqualTo(0);

    engine.start(); // the factory works again
    try {
      assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
      assertThat(handler.events()).containsExactly("open first");
      assertThat(threads.thread("supervisor").isAlive()).isTrue();
    } finally {
      engine.stop();
    }
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @BothDispatchers
  void factoryReturningNullFailsStartNamingTheFactory(DispatcherMode mode) {
    threads.returnNullOnceFor("supervisor");
    WebSocketEngine engine = builder(mode).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().isEqualTo("could not start a thread for ws://127.0.0.1:9/test");
    assertThat(e).hasCauseThat().isInstanceOf(IllegalStateException.class);
    assertThat(e)
        .hasCauseThat()
        .hasMessageThat()
        .isEqualTo("the engine's thread factory returned null");
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @BothDispatchers
  void noOpenerThreadFailsStartBeforeDialling(DispatcherMode mode) {
    IllegalStateException refused = new IllegalStateException("thread limit reached");
    threads.failOnceFor("open-0", refused);
    WebSocketEngine engine = builder(mode).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().isEqualTo("engine failed while starting");
    assertThat(e).hasCauseThat().isSameInstanceAs(refused);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.dialCount()).isEqualTo(0);
    assertThat(handler.events()).isEmpty();
    // The supervisor does not swallow an engine failure: its thread ends with it. start() has
    // joined the supervisor, so its uncaught-exception handler has run.
    assertThat(threads.uncaught("supervisor")).hasValue(refused);
  }

  @BothDispatchers
  void noReaderThreadFailsStartAndAbortsTheOpenedConnection(DispatcherMode mode) {
    IllegalStateException refused = new IllegalStateException("thread limit reached");
    threads.failOnceFor("reader-2", refused);
    WebSocketEngine engine = builder(mode).readers(2).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().isEqualTo("engine failed while starting");
    assertThat(e).hasCauseThat().isSameInstanceAs(refused);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    InMemoryConnection connection = transport.connection(0);
    // A session the engine cannot serve is dropped without callbacks: @OnOpen ran, no @OnClose.
    assertThat(connection.aborted()).isTrue();
    assertThat(connection.closeCalls()).isEmpty();
    assertThat(handler.events()).containsExactly("open first");
    assertThat(threads.uncaught("supervisor")).hasValue(refused);
    // The first reader had started; start() returned only once it was gone too.
    assertThat(threads.thread("reader-1").isAlive()).isFalse();
  }

  @BothDispatchers
  void stopWaitsForTheSupervisorThreadItselfToEnd(DispatcherMode mode) throws Exception {
    threads.lingerAfterTask("supervisor", release);
    WebSocketEngine engine = builder(mode).stopTimeout(Duration.ofMillis(200)).build();
    engine.start();

    EngineStopException e = assertThrows(EngineStopException.class, engine::stop);

    assertThat(e)
        .hasMessageThat()
        .startsWith("engine did not stop within stopTimeout PT0.2S; still running: ");
    assertThat(e).hasMessageThat().contains(threads.thread("supervisor").getName());
    // The engine's work ends, but the factory still runs code on the supervisor's thread, and
    // until that returns the engine has not terminated.
    Await.until(() -> engine.state() == EngineState.STOPPED, WAIT, "the engine to stop");
    assertThat(engine.awaitTermination(Duration.ofMillis(1))).isFalse();
    assertThat(threads.thread("supervisor").isAlive()).isTrue();
    assertThat(handler.events()).containsExactly("open first", "close none").inOrder();

    release.countDown();
    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(threads.thread("supervisor").isAlive()).isFalse();
  }
}
