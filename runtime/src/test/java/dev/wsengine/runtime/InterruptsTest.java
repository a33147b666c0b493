package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;

/**
 * Interrupts the engine does not make itself: of the thread blocked in start() or stop() (an
 * executor shutting down, a container stopping), and of the supervisor (the JVM, or a thread
 * factory's owner, tearing threads down). Each ends in a defined state with nothing left running.
 */
class InterruptsTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final RecordingThreadFactory threads = new RecordingThreadFactory();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void nothingLeftRunning() {
    release.countDown();
    Engines.assertNoEngineThreads();
  }

  @BothDispatchers
  void interruptedStartFailsKeepsTheInterruptAndStopsTheEngine(DispatcherMode mode)
      throws Exception {
    transport.hang();
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    Call starting = Call.start("test-start", engine::start);
    Await.until(() -> transport.dialsInProgress() == 1, WAIT, "the dial to hang");

    starting.thread.interrupt();

    Throwable e = starting.failure();
    assertThat(e).isInstanceOf(EngineStartException.class);
    assertThat(e).hasMessageThat().isEqualTo("interrupted while starting; the engine is stopping");
    assertThat(e).hasCauseThat().isInstanceOf(InterruptedException.class);
    assertThat(starting.interruptedAtEnd()).isTrue();
    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.dialsInProgress()).isEqualTo(0); // the hanging dial was woken
    assertThat(transport.connections()).isEmpty();
    assertThat(handler.events()).isEmpty();
  }

  @BothDispatchers
  void interruptedStopThrowsKeepsTheInterruptAndTheEngineStillStops(DispatcherMode mode)
      throws Exception {
    CountDownLatch inOnClose = new CountDownLatch(1);
    handler.onClose(
        (status, c, control) -> {
          inOnClose.countDown();
          assertThat(release.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    Call stopping = Call.start("test-stop", engine::stop);
    assertThat(inOnClose.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();

    stopping.thread.interrupt();

    Throwable e = stopping.failure();
    assertThat(e).isInstanceOf(EngineStopException.class);
    assertThat(e).hasMessageThat().isEqualTo("interrupted while waiting for the engine to stop");
    assertThat(e).hasCauseThat().isInstanceOf(InterruptedException.class);
    assertThat(stopping.interruptedAtEnd()).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPING); // @OnClose is still running
    release.countDown();
    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.events()).containsExactly("open first", "close none").inOrder();
    assertThat(transport.lastConnection().closeStatus())
        .hasValue(dev.wsengine.CloseStatus.GOING_AWAY);
  }

  @BothDispatchers
  void anOpenAttemptHoldsOneThread_andAStopWakesItsDial(DispatcherMode mode) throws Exception {
    transport.hang();
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).threadFactory(threads).build();
    Call starting = Call.start("test-start", engine::start);
    Await.until(() -> transport.dialsInProgress() == 1, WAIT, "the dial to hang");

    // Nothing waits for the attempt: its own task is the only one busy (the open timeout is a
    // wake-up on the timer, whose thread may still be starting).
    Await.until(
        () -> {
          List<Thread> busy = Engines.busyEngineThreads();
          return busy.size() == 1 && Engines.runs(busy.get(0), "dial");
        },
        WAIT,
        () -> "the opener alone busy, in its dial; busy: " + Engines.busyEngineThreads());
    engine.stop();

    Throwable e = starting.failure();
    assertThat(e).isInstanceOf(EngineStartException.class);
    assertThat(e).hasMessageThat().isEqualTo("the engine was stopped while starting");
    assertThat(starting.interruptedAtEnd()).isFalse(); // the caller was not interrupted
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.dialsInProgress()).isEqualTo(0); // the opener was woken and joined
    assertThat(ThreadCounts.live("wsengine-")).isEmpty();
    assertThat(threads.uncaught()).isEmpty();
    assertThat(handler.events()).isEmpty();
  }

  @BothDispatchers
  void timerInterruptedDuringBackoffLosesNoWakeUp(DispatcherMode mode) throws Exception {
    transport.accept().failDial(new ConnectException("refused"));
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport)
            .threadFactory(threads)
            // The first retry is at once and fails; the second waits a second, on the timer.
            .reconnect(ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1)))
            .build();
    engine.start();
    try {
      transport.connection(0).dropLink();
      handler.await("restart error 1 ConnectException", WAIT);
      Thread[] timer = new Thread[1];
      Await.until(
          () -> {
            timer[0] =
                ThreadCounts.live("wsengine-").stream()
                    .filter(Engines::timerWaiting)
                    .findFirst()
                    .orElse(null);
            return timer[0] != null;
          },
          WAIT,
          "the engine's timer, holding the backoff's wake-up");

      timer[0].interrupt();

      // The wake-up still runs: attempt 2 dials (and opens: the transport accepts it).
      handler.await("open restart 2", WAIT);
      assertThat(transport.dialCount()).isEqualTo(3);
      assertThat(threads.uncaught()).isEmpty();
    } finally {
      engine.stop();
    }
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  /** A call on a thread of the test's own, whose outcome the test awaits with a deadline. */
  private static final class Call {
    /** A call that may throw anything. */
    @FunctionalInterface
    interface Body {
      void run() throws Exception;
    }

    final Thread thread;
    private final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    private volatile boolean interruptedAtEnd;

    private Call(String name, Body body) {
      thread =
          new Thread(
              () -> {
                Throwable failure = null;
                try {
                  body.run();
                } catch (Throwable e) {
                  failure = e;
                }
                interruptedAtEnd = Thread.currentThread().isInterrupted();
                outcome.complete(failure);
              },
              name);
      thread.setDaemon(true);
    }

    static Call start(String name, Body body) {
      Call call = new Call(name, body);
      call.thread.start();
      return call;
    }

    /** What the call threw; fails if it returned normally or not within {@link Engines#WAIT}. */
    Throwable failure() throws InterruptedException, ExecutionException {
      Throwable failure;
      try {
        failure = outcome.get(WAIT.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(thread.getName() + " did not return within " + WAIT, e);
      }
      if (failure == null) {
        throw new AssertionError(thread.getName() + " returned normally; expected it to throw");
      }
      return failure;
    }

    /** Whether the thread's interrupt status was set when the call returned or threw. */
    boolean interruptedAtEnd() {
      return interruptedAtEnd;
    }
  }
}
