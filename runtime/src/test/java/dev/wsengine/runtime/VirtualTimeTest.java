package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine measures backoff and its open and stop timeouts on the clock it was given: on a {@link
 * VirtualClock} a minute-long timeout passes when the test advances the clock, and not an instant
 * before, however long the test takes in real time.
 */
class VirtualTimeTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final VirtualClock clock = new VirtualClock();

  @AfterEach
  void nothingLeftRunning() {
    Engines.assertNoEngineThreads();
  }

  private WebSocketEngine.Builder engine() {
    return Engines.builder(DispatcherMode.AUTO, handler, transport)
        .clock(clock)
        .openTimeout(MINUTE)
        .stopTimeout(MINUTE);
  }

  @Test
  void openTimeoutPassesOnTheEnginesClock() throws Exception {
    transport.hang();
    WebSocketEngine engine = engine().build();

    CompletableFuture<Void> start = CompletableFuture.runAsync(() -> startQuietly(engine));
    Await.until(() -> transport.dialsInProgress() == 1, WAIT, "the dial to hang");
    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(MINUTE);
    clock.advance(MINUTE.minusNanos(1));
    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofNanos(1));
    assertThat(start.isDone()).isFalse();
    clock.advance(Duration.ofNanos(1));

    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> start.get(10, TimeUnit.SECONDS));
    assertThat(failed).hasCauseThat().isInstanceOf(EngineStartException.class);
    assertThat(failed).hasCauseThat().hasMessageThat().contains("within openTimeout PT1M");
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @Test
  void stopTimeoutPassesOnTheEnginesClock_thenTheEngineStillEnds() throws Exception {
    transport.accept();
    CountDownLatch release = new CountDownLatch(1);
    handler.onText(
        (text, c, control) -> {
          release.await();
          return null;
        });
    WebSocketEngine engine = engine().readers(1).build();
    engine.start();
    transport.connection(0).pushText("stuck");
    handler.await("text stuck", WAIT);

    CompletableFuture<Void> stop = CompletableFuture.runAsync(engine::stop);
    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(MINUTE);
    clock.advance(MINUTE);

    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> stop.get(10, TimeUnit.SECONDS));
    assertThat(failed).hasCauseThat().isInstanceOf(EngineStopException.class);
    assertThat(failed)
        .hasCauseThat()
        .hasMessageThat()
        .contains("did not stop within stopTimeout PT1M");
    release.countDown();
    assertThat(engine.awaitTermination(WAIT)).isTrue();
  }

  @Test
  void stopWithinTheStopTimeoutNeedsNoClockAdvance() throws Exception {
    transport.accept();
    WebSocketEngine engine = engine().build();
    engine.start();

    engine.stop(); // the threads end at once; the clock never moves

    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
  }

  @Test
  void backoffWaitsForTheClock_andStopCutsItShort() throws Exception {
    transport.accept().accept().accept();
    WebSocketEngine engine =
        engine()
            .reconnect(ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)))
            .build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      transport.awaitConnection(1, WAIT); // attempt 1: at once
      awaitRunning(engine);
      transport.connection(1).dropLink();

      // Attempt 2 waits 1 s of the engine's time: not a nanosecond less.
      assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofSeconds(1));
      clock.advance(Duration.ofMillis(999));
      assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofMillis(1));
      assertThat(transport.dialCount()).isEqualTo(2);
      clock.advance(Duration.ofMillis(1));
      transport.awaitConnection(2, WAIT);
      awaitRunning(engine);
      transport.connection(2).dropLink();

      // Attempt 3 would wait 2 s; a stop does not wait for it.
      assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofSeconds(2));
    } finally {
      engine.stop();
    }
    assertThat(clock.sleeps())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2))
        .inOrder();
    assertThat(transport.dialCount()).isEqualTo(3);
  }

  private static void awaitRunning(WebSocketEngine engine) {
    Await.until(
        () -> engine.state() == EngineState.RUNNING, WAIT, () -> "RUNNING; engine: " + engine);
  }

  private static void startQuietly(WebSocketEngine engine) {
    try {
      engine.start();
    } catch (EngineStartException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }
}
