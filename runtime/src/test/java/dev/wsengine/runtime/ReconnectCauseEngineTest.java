package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.HandshakeException;
import dev.wsengine.runtime.ReconnectPolicy.Action;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * docs/reconnect.md "Why the connection is gone": the engine asks the policy's {@code actionFor}
 * about each outage, and RECONNECT (count from 1 again), BACK_OFF (with {@code Retry-After}) and
 * STOP (with {@code terminationCause()}) do what they say. A scripted {@link InMemoryTransport} and
 * a {@link VirtualClock}, so the delays are exact.
 */
class ReconnectCauseEngineTest {
  private static final Duration INITIAL = Duration.ofMillis(100);

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final SessionLog sessions = new SessionLog();

  @AfterEach
  void nothingLeftRunning() {
    Engines.assertNoEngineThreads();
  }

  /** Exponential from 100 ms to 10 s, no jitter: attempt 1 at once, then 100 ms, 200 ms, ... */
  private static ExponentialBackoff backoff() {
    return ReconnectPolicy.exponential(INITIAL, Duration.ofSeconds(10));
  }

  private WebSocketEngine.Builder engine(
      DispatcherMode mode, VirtualClock clock, ReconnectPolicy policy) {
    sessions.track(handler);
    return Engines.builder(mode, handler, transport).clock(clock).reconnect(policy);
  }

  private static void awaitState(WebSocketEngine engine, EngineState state) {
    Await.until(
        () -> engine.state() == state, WAIT, () -> "state " + state + "; engine: " + engine);
  }

  private static HandshakeException refusal(int status, String retryAfter) {
    return new HandshakeException(
        status, "scripted", null, Map.of("Retry-After", List.of(retryAfter)));
  }

  // ------------------------------------------------------------------ RECONNECT

  @BothDispatchers
  void closes1012InALoopReconnectAtOnceEachTimeWithoutClimbingTheBackoff(DispatcherMode mode)
      throws Exception {
    for (int i = 0; i <= 10; i++) {
      transport.accept();
    }
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff()).build();
    engine.start();
    try {
      for (int i = 0; i < 10; i++) {
        // Closed right after open: uptime 0, far below resetAfter (1 minute).
        transport.awaitConnection(i, WAIT).serverClose(CloseStatus.of(1012, "restarting"));
        int reopened = i + 1;
        Await.until(
            () -> transport.dialCount() == reopened + 1 && engine.state() == EngineState.RUNNING,
            WAIT,
            () -> "session " + reopened + " open; events: " + handler.events());
      }
      handler.await("open restart 1", 10, WAIT);

      // Every reconnect was attempt 1, at delayBefore(1) = 0: nothing was ever slept.
      assertThat(handler.events(e -> e.startsWith("open restart")))
          .containsExactlyElementsIn(Collections.nCopies(10, "open restart 1"));
      assertThat(clock.sleeps()).isEmpty();
      assertThat(engine.terminationCause()).isEmpty();
    } finally {
      engine.stop();
    }
    assertThat(engine.terminationCause()).isEmpty();
    sessions.assertEachSessionClosedOnce(11);
  }

  @BothDispatchers
  void aLostConnection1006StillClimbsTheBackoff(DispatcherMode mode) throws Exception {
    transport.accept().accept().accept().accept();
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff()).build();
    engine.start();
    try {
      for (int i = 0; i < 3; i++) {
        transport.awaitConnection(i, WAIT).dropLink();
        handler.await("open restart " + (i + 1), WAIT);
        awaitState(engine, EngineState.RUNNING);
      }
      // 1006 backs off: the count goes on, 1 then 2 then 3.
      assertThat(clock.sleeps())
          .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200))
          .inOrder();
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void reconnectOnAFailedAttemptCountsFromOneAgain(DispatcherMode mode) throws Exception {
    IOException down = new IOException("down");
    transport.accept().failDial(down).failDial(down).failDial(refusal(503, "x")).accept();
    VirtualClock clock = VirtualClock.skippingSleeps();
    ReconnectPolicy policy = backoff().onHttpStatus(503, Action.RECONNECT);
    WebSocketEngine engine = engine(mode, clock, policy).build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("open restart 1", WAIT);

      assertThat(handler.events(e -> e.startsWith("restart error") || e.startsWith("open")))
          .containsExactly(
              "open first",
              "restart error 1 IOException",
              "restart error 2 IOException",
              "restart error 3 HandshakeException",
              "open restart 1")
          .inOrder();
      // Attempts 2 and 3 waited 100 and 200 ms; after the 503 the count started again, at once.
      assertThat(clock.sleeps())
          .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200))
          .inOrder();
    } finally {
      engine.stop();
    }
  }

  // ------------------------------------------------------------------ BACK_OFF and Retry-After

  @BothDispatchers
  void retryAfterOfA503IsWaitedBeforeTheNextAttemptNotEarlier(DispatcherMode mode)
      throws Exception {
    transport.accept().failDial(refusal(503, "5")).accept();
    VirtualClock clock = new VirtualClock();
    WebSocketEngine engine = engine(mode, clock, backoff()).build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("restart error 1 HandshakeException", WAIT);

      // The policy's delay before attempt 2 is 100 ms; the server asked for 5 s.
      assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofSeconds(5));
      clock.advance(Duration.ofMillis(4999));
      assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofMillis(1)); // still waiting
      assertThat(transport.dialCount()).isEqualTo(2);
      clock.advance(Duration.ofMillis(1));

      handler.await("open restart 2", WAIT);
      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5));
      assertThat(transport.dialCount()).isEqualTo(3);
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void aRetryAfterShorterThanThePolicysDelayChangesNothing(DispatcherMode mode) throws Exception {
    IOException down = new IOException("down");
    transport.accept().failDial(down).failDial(refusal(429, "0")).accept();
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff()).build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("open restart 3", WAIT);

      assertThat(clock.sleeps())
          .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200))
          .inOrder();
    } finally {
      engine.stop();
    }
  }

  // ------------------------------------------------------------------ STOP

  @BothDispatchers
  void aClose1008StopsTheEngineWithTheCause(DispatcherMode mode) throws Exception {
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff()).build();
    engine.start();
    transport.connection(0).serverClose(CloseStatus.of(1008, "banned"));

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.events()).containsExactly("open first", "close 1008 banned").inOrder();
    assertThat(transport.dialCount()).isEqualTo(1);
    Outage cause = engine.terminationCause().orElseThrow();
    assertThat(cause.closeStatus()).hasValue(CloseStatus.of(1008, "banned"));
    assertThat(cause.attempt()).isEqualTo(0);
    sessions.assertEachSessionClosedOnce(1);
  }

  @BothDispatchers
  void a401OnAReconnectAttemptStopsTheEngineAfterOnRestartError(DispatcherMode mode)
      throws Exception {
    transport.accept().refuse(401);
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff()).build();
    engine.start();
    transport.connection(0).dropLink();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(handler.events())
        .containsExactly("open first", "close 1006", "restart error 1 HandshakeException")
        .inOrder();
    Outage cause = engine.terminationCause().orElseThrow();
    assertThat(cause.httpStatus().getAsInt()).isEqualTo(401);
    assertThat(cause.attempt()).isEqualTo(1);
    assertThat(cause.error().orElseThrow()).isInstanceOf(HandshakeException.class);
    assertThat(transport.dialCount()).isEqualTo(2);
  }

  @BothDispatchers
  void anOverriddenRowStopsOnAnApplicationCode(DispatcherMode mode) throws Exception {
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff().onClose(4001, Action.STOP)).build();
    engine.start();
    transport.connection(0).serverClose(CloseStatus.of(4001, "kicked"));

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.terminationCause().orElseThrow().closeStatus().orElseThrow().code())
        .isEqualTo(4001);
  }

  @BothDispatchers
  void givingUpStopsWithTheLastFailedAttemptAsTheCause(DispatcherMode mode) throws Exception {
    IOException down = new IOException("down");
    transport.accept().failDial(down).failDial(down);
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff().withMaxAttempts(2)).build();
    engine.start();
    transport.connection(0).dropLink();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    Outage cause = engine.terminationCause().orElseThrow();
    assertThat(cause.error()).hasValue(down);
    assertThat(cause.attempt()).isEqualTo(2);
  }

  @BothDispatchers
  void neverStopsOnTheFirstOutageWithItAsTheCause(DispatcherMode mode) throws Exception {
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, ReconnectPolicy.never()).build();
    engine.start();
    transport.connection(0).serverClose(CloseStatus.SERVICE_RESTART);

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.terminationCause().orElseThrow().closeStatus())
        .hasValue(CloseStatus.SERVICE_RESTART);
    assertThat(transport.dialCount()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ terminationCause's life

  @BothDispatchers
  void terminationCauseIsClearedByStartAndEmptyAfterAUsersStop(DispatcherMode mode)
      throws Exception {
    transport.accept().accept();
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff()).build();
    assertThat(engine.terminationCause()).isEmpty(); // never started
    engine.start();
    assertThat(engine.terminationCause()).isEmpty(); // running
    transport.connection(0).serverClose(CloseStatus.POLICY_VIOLATION);
    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.terminationCause()).isPresent();
    engine.stop(); // on a stopped engine: changes nothing
    assertThat(engine.terminationCause()).isPresent();

    engine.start();
    try {
      assertThat(engine.terminationCause()).isEmpty();
    } finally {
      engine.stop();
    }
    assertThat(engine.terminationCause()).isEmpty();
  }

  @BothDispatchers
  void exitInOnRestartErrorBeforeAStopLeavesNoTerminationCause(DispatcherMode mode)
      throws Exception {
    transport.accept().refuse(403);
    handler.onRestartError((attempt, control) -> control.exit());
    VirtualClock clock = VirtualClock.skippingSleeps();
    WebSocketEngine engine = engine(mode, clock, backoff()).build();
    engine.start();
    transport.connection(0).dropLink();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.terminationCause()).isEmpty();
  }

  // ------------------------------------------------------------------ tracing

  @BothDispatchers
  void theRestartSpanSaysWhyTheEngineStoppedAndEachBackoffWhy(DispatcherMode mode)
      throws Exception {
    TelemetryRecorder otel = new TelemetryRecorder();
    try {
      transport.accept().failDial(refusal(503, "2")).failDial(new IOException("down")).refuse(404);
      VirtualClock clock = VirtualClock.skippingSleeps();
      WebSocketEngine engine =
          engine(mode, clock, backoff()).openTelemetry(otel.openTelemetry()).build();
      engine.start();
      transport.connection(0).dropLink();
      assertThat(engine.awaitTermination(WAIT)).isTrue();
      otel.assertAllEnded();

      SpanData restart = otel.span("wsengine.restart");
      assertThat(restart.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(restart.getStatus().getDescription())
          .isEqualTo("the reconnect policy stopped the engine: Outage[attempt 3 failed: HTTP 404]");
      assertThat(TracingTest.string(restart, "wsengine.restart.outcome")).isEqualTo("policy_stop");
      assertThat(TracingTest.string(restart, "wsengine.reconnect.action")).isEqualTo("stop");
      assertThat(TracingTest.number(restart, "wsengine.outage.http_status")).isEqualTo(404);
      List<EventData> backoffs = restart.getEvents();
      assertThat(backoffs.stream().map(e -> attr(e, "wsengine.reconnect.action")).toList())
          .containsExactly("back_off", "back_off", "back_off")
          .inOrder();
      assertThat(
              backoffs.stream()
                  .map(
                      e ->
                          e.getAttributes().get(AttributeKey.longKey("wsengine.outage.close_code")))
                  .toList())
          .containsExactly(1006L, null, null)
          .inOrder();
      assertThat(
              backoffs.stream()
                  .map(
                      e ->
                          e.getAttributes()
                              .get(AttributeKey.longKey("wsengine.outage.http_status")))
                  .toList())
          .containsExactly(null, 503L, null)
          .inOrder();
      // Attempt 2 waited the server's 2 s rather than the policy's 100 ms.
      assertThat(
              backoffs.stream()
                  .map(e -> e.getAttributes().get(AttributeKey.doubleKey("wsengine.backoff.delay")))
                  .toList())
          .containsExactly(0.0, 2.0, 0.2)
          .inOrder();
      assertThat(
              backoffs
                  .get(1)
                  .getAttributes()
                  .get(AttributeKey.doubleKey("wsengine.outage.retry_after")))
          .isEqualTo(2.0);
    } finally {
      otel.close();
    }
  }

  private static String attr(EventData event, String key) {
    return event.getAttributes().get(AttributeKey.stringKey(key));
  }
}
