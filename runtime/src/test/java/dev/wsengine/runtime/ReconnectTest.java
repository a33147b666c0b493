package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.HandshakeException;
import dev.wsengine.RestartAttempt;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.VirtualClock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * DESIGN.md "Restart" and docs/concurrency.md "Reconnecting": a lost connection or restart() ends
 * the session (OnClose once), re-dials with the policy's backoff, reports each failed attempt to
 * OnRestartError, and stops when told to or when the policy gives up.
 *
 * <p>Backoff runs on a {@link VirtualClock} that skips sleeps: waits are recorded, never slept. The
 * policy has no jitter, so the delays are exact: attempt 1 at once, then 100 ms, 200 ms, 400 ms,
 * ...
 */
class ReconnectTest {
  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(10);

  /** The policy's delays before attempts 2, 3, 4, 5 (attempt 1 has none). */
  private static final List<Duration> DELAYS_2_TO_5 =
      List.of(
          Duration.ofMillis(100),
          Duration.ofMillis(200),
          Duration.ofMillis(400),
          Duration.ofMillis(800));

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final VirtualClock clock = VirtualClock.skippingSleeps();
  private final SessionLog sessions = new SessionLog();

  @AfterEach
  void nothingLeftRunning() {
    Engines.assertNoEngineThreads();
  }

  /** Exponential from 100 ms to 10 s, no jitter, no limit on attempts. */
  private static ExponentialBackoff backoff() {
    return ReconnectPolicy.exponential(INITIAL, MAX);
  }

  /** An engine on the fake clock with {@code policy}; tracks sessions (set hooks before). */
  private WebSocketEngine.Builder engine(DispatcherMode mode, ReconnectPolicy policy) {
    sessions.track(handler);
    return Engines.builder(mode, handler, transport).clock(clock).reconnect(policy);
  }

  private static void awaitState(WebSocketEngine engine, EngineState state) {
    Await.until(
        () -> engine.state() == state, WAIT, () -> "state " + state + "; engine: " + engine);
  }

  // ------------------------------------------------------------------ a lost connection

  @BothDispatchers
  void serverCloseRunsOnCloseWithItsStatusThenReconnectsAndReadsAgain(DispatcherMode mode)
      throws Exception {
    lostConnectionReconnects(
        mode, c -> c.serverClose(CloseStatus.of(1012, "restarting")), "close 1012 restarting");
  }

  @BothDispatchers
  void droppedLinkRunsOnCloseWith1006ThenReconnectsAndReadsAgain(DispatcherMode mode)
      throws Exception {
    lostConnectionReconnects(mode, InMemoryConnection::dropLink, "close 1006");
  }

  private void lostConnectionReconnects(
      DispatcherMode mode, Consumer<InMemoryConnection> lose, String closeEvent) throws Exception {
    WebSocketEngine engine = engine(mode, backoff()).build();
    engine.start();
    try {
      InMemoryConnection first = transport.connection(0);
      first.awaitReaderBlocked(WAIT);
      lose.accept(first);

      handler.await("open restart 1", WAIT);
      InMemoryConnection second = transport.awaitConnection(1, WAIT);
      second.pushText("after");
      handler.await("text after", WAIT);
      awaitState(engine, EngineState.RUNNING);

      assertThat(handler.events())
          .containsExactly("open first", closeEvent, "open restart 1", "text after")
          .inOrder();
      assertThat(clock.sleeps()).isEmpty(); // the first retry is made at once
      assertThat(transport.dialCount()).isEqualTo(2);
      assertThat(engine.connection().orElseThrow().sessionId()).isEqualTo(sessions.opened().get(1));
    } finally {
      engine.stop();
    }
    assertThat(handler.events(e -> e.startsWith("close ")))
        .containsExactly(closeEvent, "close none")
        .inOrder();
    assertThat(transport.connection(1).closeStatus()).hasValue(CloseStatus.GOING_AWAY);
    sessions.assertEachSessionClosedOnce(2);
  }

  // ------------------------------------------------------------------ failed attempts

  @BothDispatchers
  void eachFailedAttemptGoesToOnRestartErrorWithItsNumberAndWaitsThePolicysDelays(
      DispatcherMode mode) throws Exception {
    ConnectException refused = new ConnectException("connection refused");
    IllegalStateException notReady = new IllegalStateException("not ready");
    transport
        .accept() // the first start
        .failDial(refused) // attempt 1: the dial fails
        .refuse(503) // attempt 2: the handshake is refused
        .accept() // attempt 3: @OnOpen throws
        .acceptAfter(new CountDownLatch(1)) // attempt 4: the dial outlasts openTimeout
        .accept(); // attempt 5: back
    handler.onOpen(
        (info, c, control) -> {
          if (info.restarting() && info.attempt() == 3) {
            throw notReady;
          }
        });
    List<RestartAttempt> failed = new CopyOnWriteArrayList<>();
    handler.onRestartError((attempt, control) -> failed.add(attempt));
    WebSocketEngine engine = engine(mode, backoff()).openTimeout(Duration.ofMillis(300)).build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("restart error 3 IllegalStateException", WAIT);
      // Attempt 4's dial hangs; its open timeout passes on the engine's clock, when we say so.
      Await.until(
          () -> transport.dialsInProgress() == 1, WAIT, () -> "attempt 4 dialling: " + transport);
      assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofMillis(300));
      clock.advance(Duration.ofMillis(300));

      handler.await("open restart 5", WAIT);

      assertThat(handler.events())
          .containsExactly(
              "open first",
              "close 1006",
              "restart error 1 ConnectException",
              "restart error 2 HandshakeException",
              "open restart 3",
              "restart error 3 IllegalStateException",
              "restart error 4 TimeoutException",
              "open restart 5")
          .inOrder();
      assertThat(failed).hasSize(4);
      assertThat(failed.get(0).number()).isEqualTo(1);
      assertThat(failed.get(0).error()).isSameInstanceAs(refused);
      assertThat(failed.get(1).number()).isEqualTo(2);
      assertThat(failed.get(1).error()).isInstanceOf(HandshakeException.class);
      assertThat(((HandshakeException) failed.get(1).error()).status()).isEqualTo(503);
      assertThat(failed.get(2).number()).isEqualTo(3);
      assertThat(failed.get(2).error()).isSameInstanceAs(notReady);
      assertThat(failed.get(3).number()).isEqualTo(4);
      assertThat(failed.get(3).error()).isInstanceOf(TimeoutException.class);
      assertThat(failed.get(3).error()).hasMessageThat().contains("openTimeout PT0.3S");
      // Attempt 1 at once, then exactly the policy's delays, nothing else.
      assertThat(clock.sleeps()).containsExactlyElementsIn(DELAYS_2_TO_5).inOrder();
      assertThat(transport.dialCount()).isEqualTo(6);
      // The connection whose @OnOpen threw was closed with 1001, and only that one is left over.
      assertThat(transport.connection(1).closeStatus()).hasValue(CloseStatus.GOING_AWAY);
      awaitState(engine, EngineState.RUNNING);
      transport.connection(2).pushText("back");
      handler.await("text back", WAIT);
    } finally {
      engine.stop();
    }
    assertThat(handler.events(e -> e.startsWith("close ")))
        .containsExactly("close 1006", "close none")
        .inOrder();
    sessions.assertEachSessionClosedOnce(2);
  }

  @BothDispatchers
  void jitteredDelaysAreWaitedExactlyAsThePolicyGivesThem(DispatcherMode mode) throws Exception {
    IOException down = new IOException("down");
    transport.accept().failDial(down).failDial(down).failDial(down); // attempt 4 succeeds
    // The same seed twice: one policy for the engine, one to compute what it must wait.
    ExponentialBackoff jittered = backoff().withJitter(0.5).withRandom(new Random(42));
    ExponentialBackoff expected = backoff().withJitter(0.5).withRandom(new Random(42));
    WebSocketEngine engine = engine(mode, jittered).build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("open restart 4", WAIT);
      awaitState(engine, EngineState.RUNNING);

      assertThat(clock.sleeps())
          .containsExactly(
              expected.delayBefore(2).orElseThrow(),
              expected.delayBefore(3).orElseThrow(),
              expected.delayBefore(4).orElseThrow())
          .inOrder();
      assertThat(clock.sleeps()).doesNotContain(Duration.ofMillis(100)); // the jitter did apply
    } finally {
      engine.stop();
    }
    sessions.assertEachSessionClosedOnce(2);
  }

  @BothDispatchers
  void reconnectDialThatHangsPastOpenTimeoutIsAFailedAttempt(DispatcherMode mode) throws Exception {
    transport.accept().hang(); // attempt 1 hangs; attempt 2 is accepted
    List<RestartAttempt> failed = new CopyOnWriteArrayList<>();
    handler.onRestartError((attempt, control) -> failed.add(attempt));
    WebSocketEngine engine = engine(mode, backoff()).openTimeout(Duration.ofMillis(200)).build();
    engine.start();
    try {
      transport.connection(0).dropLink();

      handler.await("open restart 2", WAIT);
      awaitState(engine, EngineState.RUNNING);

      assertThat(failed).hasSize(1);
      assertThat(failed.get(0).number()).isEqualTo(1);
      // The engine gives up at openTimeout (TimeoutException); the fake's hang() also ends at the
      // handshake timeout, which the engine caps to openTimeout, so either may report first.
      Throwable error = failed.get(0).error();
      if (!(error instanceof TimeoutException)) {
        assertThat(error).isInstanceOf(IOException.class);
        assertThat(error).hasMessageThat().isEqualTo("handshake timed out after PT0.2S");
      }
      assertThat(transport.dials().get(1).options().handshakeTimeout())
          .isEqualTo(Duration.ofMillis(200));
      assertThat(transport.dialsInProgress()).isEqualTo(0);
      assertThat(clock.sleeps()).containsExactly(INITIAL);
    } finally {
      engine.stop();
    }
    sessions.assertEachSessionClosedOnce(2);
  }

  @BothDispatchers
  void onRestartErrorCallingExitStopsTheEngine(DispatcherMode mode) throws Exception {
    IOException down = new IOException("down");
    transport.accept().failDial(down).failDial(down).failDial(down).failDial(down);
    handler.onRestartError(
        (attempt, control) -> {
          if (attempt.number() == 2) {
            control.exit();
          }
        });
    WebSocketEngine engine = engine(mode, backoff()).build();
    engine.start();
    try {
      transport.connection(0).dropLink();

      assertThat(engine.awaitTermination(WAIT)).isTrue();
    } finally {
      engine.stop();
    }
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(ThreadCounts.names("wsengine-")).isEmpty();
    assertThat(handler.events())
        .containsExactly(
            "open first",
            "close 1006",
            "restart error 1 IOException",
            "restart error 2 IOException")
        .inOrder();
    assertThat(transport.dialCount()).isEqualTo(3); // no dial after exit()
    assertThat(transport.scriptRemaining()).isEqualTo(2);
    assertThat(clock.sleeps()).containsExactly(INITIAL);
    sessions.assertEachSessionClosedOnce(1);
  }

  @BothDispatchers
  void withMaxAttemptsGivesUpAfterThatManyAndStopsByItself(DispatcherMode mode) throws Exception {
    IOException down = new IOException("down");
    transport.accept().failDial(down).failDial(down).failDial(down).failDial(down);
    WebSocketEngine engine = engine(mode, backoff().withMaxAttempts(3)).build();
    engine.start();
    try {
      transport.connection(0).dropLink();

      assertThat(engine.awaitTermination(WAIT)).isTrue();
      assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
      assertThat(ThreadCounts.names("wsengine-")).isEmpty();
    } finally {
      engine.stop();
    }
    assertThat(handler.events())
        .containsExactly(
            "open first",
            "close 1006",
            "restart error 1 IOException",
            "restart error 2 IOException",
            "restart error 3 IOException")
        .inOrder();
    assertThat(transport.dialCount()).isEqualTo(4);
    assertThat(clock.sleeps())
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200))
        .inOrder();
    assertThat(engine.connection()).isEmpty();
    sessions.assertEachSessionClosedOnce(1);
  }

  @BothDispatchers
  void neverPolicyStopsTheEngineAfterOnCloseOfALostConnection(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode, ReconnectPolicy.never()).build();
    engine.start();
    try {
      transport.connection(0).serverClose(CloseStatus.of(1011, "oops"));

      assertThat(engine.awaitTermination(WAIT)).isTrue();
      assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
      assertThat(ThreadCounts.names("wsengine-")).isEmpty();
    } finally {
      engine.stop();
    }
    assertThat(handler.events()).containsExactly("open first", "close 1011 oops").inOrder();
    assertThat(transport.dialCount()).isEqualTo(1);
    assertThat(clock.sleeps()).isEmpty();
    sessions.assertEachSessionClosedOnce(1);
  }

  // ------------------------------------------------------------------ resetAfter

  @BothDispatchers
  void attemptCountResetsOnlyAfterASessionStayedUpForResetAfter(DispatcherMode mode)
      throws Exception {
    Duration resetAfter = Duration.ofSeconds(30);
    WebSocketEngine engine = engine(mode, backoff().withResetAfter(resetAfter)).build();
    engine.start();
    try {
      // Outage 1: attempt 1, at once.
      transport.connection(0).dropLink();
      handler.await("open restart 1", WAIT);
      awaitState(engine, EngineState.RUNNING); // the session's uptime starts now

      // Up for just under resetAfter: the next outage goes on counting, so attempt 2 after 100 ms.
      clock.advance(resetAfter.minusNanos(1));
      transport.awaitConnection(1, WAIT).dropLink();
      handler.await("open restart 2", WAIT);
      awaitState(engine, EngineState.RUNNING);

      // Up for resetAfter: counting starts again at attempt 1, at once.
      clock.advance(resetAfter);
      transport.awaitConnection(2, WAIT).dropLink();
      handler.await("open restart 1", 2, WAIT);
      awaitState(engine, EngineState.RUNNING);

      assertThat(handler.events())
          .containsExactly(
              "open first",
              "close 1006",
              "open restart 1",
              "close 1006",
              "open restart 2",
              "close 1006",
              "open restart 1")
          .inOrder();
      assertThat(clock.sleeps()).containsExactly(INITIAL);
    } finally {
      engine.stop();
    }
    sessions.assertEachSessionClosedOnce(4);
  }

  @BothDispatchers
  void failedAttemptsKeepCountingUntilASessionStaysUp(DispatcherMode mode) throws Exception {
    IOException down = new IOException("down");
    // Outage 1: attempt 1 fails, attempt 2 succeeds. Outage 2 (short session): attempt 3.
    transport.accept().failDial(down);
    WebSocketEngine engine = engine(mode, backoff()).build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("open restart 2", WAIT);
      awaitState(engine, EngineState.RUNNING);

      transport.awaitConnection(1, WAIT).dropLink();
      handler.await("open restart 3", WAIT);
      awaitState(engine, EngineState.RUNNING);

      assertThat(handler.events())
          .containsExactly(
              "open first",
              "close 1006",
              "restart error 1 IOException",
              "open restart 2",
              "close 1006",
              "open restart 3")
          .inOrder();
      assertThat(clock.sleeps())
          .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200))
          .inOrder();
    } finally {
      engine.stop();
    }
    sessions.assertEachSessionClosedOnce(3);
  }

  // ------------------------------------------------------------------ restart()

  @BothDispatchers
  void restartEndsTheSessionWithoutStatusClosesWith1001AndOpensANewOne(DispatcherMode mode)
      throws Exception {
    List<Optional<CloseStatus>> oldClosedAtReopen = new CopyOnWriteArrayList<>();
    handler.onOpen(
        (info, c, control) -> {
          if (info.restarting()) {
            oldClosedAtReopen.add(transport.connection(0).closeStatus());
          }
        });
    WebSocketEngine engine = engine(mode, backoff()).build();
    engine.start();
    try {
      InMemoryConnection first = transport.connection(0);
      first.awaitReaderBlocked(WAIT); // a silent connection: restart() must wake the reader

      engine.restart();

      handler.await("open restart 1", WAIT);
      awaitState(engine, EngineState.RUNNING); // @OnOpen has returned
      assertThat(handler.events())
          .containsExactly("open first", "close none", "open restart 1")
          .inOrder();
      assertThat(first.closeStatus()).hasValue(CloseStatus.GOING_AWAY);
      assertThat(oldClosedAtReopen)
          .containsExactly(Optional.of(CloseStatus.GOING_AWAY)); // closed before the new session
      assertThat(clock.sleeps()).isEmpty();
      transport.awaitConnection(1, WAIT).pushText("x");
      handler.await("text x", WAIT);
    } finally {
      engine.stop();
    }
    sessions.assertEachSessionClosedOnce(2);
  }

  @BothDispatchers
  void restartClosesWithTheStatusOnCloseReturned(DispatcherMode mode) throws Exception {
    CloseStatus reload = CloseStatus.of(4001, "reload");
    handler.closeReply(reload);
    WebSocketEngine engine = engine(mode, backoff()).build();
    engine.start();
    try {
      engine.restart();

      handler.await("open restart 1", WAIT);
      awaitState(engine, EngineState.RUNNING);
      assertThat(transport.connection(0).closeStatus()).hasValue(reload);
    } finally {
      engine.stop();
    }
    assertThat(transport.connection(1).closeStatus()).hasValue(reload);
    sessions.assertEachSessionClosedOnce(2);
  }

  @BothDispatchers
  void restartFromOnMessageDiscardsMessagesNotYetDispatched(DispatcherMode mode) throws Exception {
    handler.onText(
        (text, c, control) -> {
          if (text.equals("restart")) {
            // The server sends more before the restart takes effect: never dispatched.
            transport.connection(0).pushText("stale 1").pushText("stale 2");
            control.restart();
          }
          return null;
        });
    WebSocketEngine engine = engine(mode, backoff()).readers(1).build();
    engine.start();
    try {
      transport.connection(0).pushText("restart");

      handler.await("open restart 1", WAIT);
      transport.awaitConnection(1, WAIT).pushText("fresh");
      handler.await("text fresh", WAIT);

      assertThat(handler.events())
          .containsExactly(
              "open first", "text restart", "close none", "open restart 1", "text fresh")
          .inOrder();
      assertThat(transport.connection(0).closeStatus()).hasValue(CloseStatus.GOING_AWAY);
    } finally {
      engine.stop();
    }
    assertThat(handler.events(e -> e.startsWith("text stale"))).isEmpty();
    sessions.assertEachSessionClosedOnce(2);
  }

  @BothDispatchers
  void restartWaitsForTheRunningOnMessageThenDiscardsTheRest(DispatcherMode mode) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    handler.onText(
        (text, c, control) -> {
          if (text.equals("slow")) {
            release.await();
          }
          return null;
        });
    WebSocketEngine engine = engine(mode, backoff()).readers(1).build();
    engine.start();
    try {
      transport.connection(0).pushText("slow").pushText("a").pushText("b");
      handler.await("text slow", WAIT);

      engine.restart(); // returns at once, though @OnMessage is still running

      assertThat(handler.events()).containsExactly("open first", "text slow").inOrder();
      release.countDown();
      handler.await("open restart 1", WAIT);
      awaitState(engine, EngineState.RUNNING);
      assertThat(handler.events())
          .containsExactly("open first", "text slow", "close none", "open restart 1")
          .inOrder();
    } finally {
      release.countDown();
      engine.stop();
    }
    assertThat(handler.events(e -> e.equals("text a") || e.equals("text b"))).isEmpty();
    sessions.assertEachSessionClosedOnce(2);
  }

  // ------------------------------------------------------------------ stop() while reconnecting

  @BothDispatchers
  void stopDuringBackoffReturnsPromptly(DispatcherMode mode) throws Exception {
    transport.accept().failDial(new IOException("down"));
    sessions.track(handler);
    // The real clock, not the fake one: attempt 2 would really wait a minute.
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport)
            .reconnect(ReconnectPolicy.exponential(Duration.ofMinutes(1), Duration.ofMinutes(1)))
            .build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("restart error 1 IOException", WAIT);
      // No task waits out the backoff: the engine's timer holds its wake-up, and nothing is busy.
      Await.until(
          () ->
              Engines.busyEngineThreads().isEmpty()
                  && ThreadCounts.live("wsengine-").stream().anyMatch(Engines::timerWaiting),
          WAIT,
          () ->
              "only the timer, waiting; busy: "
                  + Engines.busyEngineThreads()
                  + ", live: "
                  + ThreadCounts.names("wsengine-"));
      assertThat(engine.state()).isEqualTo(EngineState.RESTARTING);

      long began = System.nanoTime();
      engine.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - began);

      assertThat(took).isLessThan(Duration.ofSeconds(5));
    } finally {
      engine.stop();
    }
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.dialCount()).isEqualTo(2);
    assertThat(handler.events())
        .containsExactly("open first", "close 1006", "restart error 1 IOException")
        .inOrder();
    sessions.assertEachSessionClosedOnce(1);
  }

  @BothDispatchers
  void stopDuringAHangingReconnectDialReturnsPromptlyWithoutOnRestartError(DispatcherMode mode)
      throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    transport.accept().acceptAfter(never);
    WebSocketEngine engine = engine(mode, backoff()).build(); // openTimeout 10 s
    engine.start();
    try {
      transport.connection(0).dropLink();
      Await.until(
          () -> transport.dialsInProgress() == 1, WAIT, () -> "the reconnect dial; " + transport);

      long began = System.nanoTime();
      engine.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - began);

      assertThat(took).isLessThan(Duration.ofSeconds(5));
    } finally {
      engine.stop();
    }
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.dialsInProgress()).isEqualTo(0);
    assertThat(transport.connections()).hasSize(1); // the interrupted dial handed nothing out
    // A stop is not a failed attempt.
    assertThat(handler.events()).containsExactly("open first", "close 1006").inOrder();
    sessions.assertEachSessionClosedOnce(1);
  }

  @BothDispatchers
  void stopDuringAReconnectsOnOpenInterruptsItAndOpensNoSession(DispatcherMode mode)
      throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    handler.onOpen(
        (info, c, control) -> {
          if (info.restarting()) {
            never.await(); // interruptible: stop() interrupts the opener
          }
        });
    WebSocketEngine engine = engine(mode, backoff()).build(); // openTimeout 10 s
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("open restart 1", WAIT);

      long began = System.nanoTime();
      engine.stop();
      Duration took = Duration.ofNanos(System.nanoTime() - began);

      assertThat(took).isLessThan(Duration.ofSeconds(5));
    } finally {
      engine.stop();
    }
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    // @OnOpen threw (interrupted): no session began, so no @OnClose; a stop is not a failed
    // attempt.
    assertThat(handler.events())
        .containsExactly("open first", "close 1006", "open restart 1")
        .inOrder();
    InMemoryConnection reopened = transport.connection(1);
    assertThat(reopened.aborted() || reopened.closeStatus().isPresent()).isTrue();
    assertThat(reopened.isOpen()).isFalse();
    sessions.assertEachSessionClosedOnce(1);
  }
}
