package dev.wsengine.testing;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.EngineClock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The clock's own contract, with a lock and condition standing in for an engine's. */
class VirtualClockTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** The engine's real-time timer: never used by a virtual clock. */
  private static final EngineClock.Timer NO_TIMER =
      (delay, task) -> {
        throw new AssertionError("a virtual clock used the real-time timer");
      };

  /** A wake-up as the engine arms one: completes the future when run. */
  private static CompletableFuture<Void> wakeUp(
      VirtualClock clock, Duration length, boolean sleep) {
    CompletableFuture<Void> woken = new CompletableFuture<>();
    long deadline = clock.nanoTime() + length.toNanos();
    if (sleep) {
      clock.sleep(deadline, () -> woken.complete(null), NO_TIMER);
    } else {
      clock.timeout(deadline, () -> woken.complete(null), NO_TIMER);
    }
    return woken;
  }

  /** Waits as {@code stop()} does: a thread looping until the deadline on {@code clock}. */
  private CompletableFuture<Void> waiter(VirtualClock clock, Duration length) {
    long deadline = clock.nanoTime() + length.toNanos();
    return CompletableFuture.runAsync(
        () -> {
          lock.lock();
          try {
            while (deadline - clock.nanoTime() > 0) {
              clock.awaitUntil(lock, changed, deadline);
            }
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          } finally {
            lock.unlock();
          }
        });
  }

  @Test
  void aSleepEndsOnlyOnceTheClockHasAdvancedPastIt() throws Exception {
    VirtualClock clock = new VirtualClock();
    CompletableFuture<Void> sleeping = wakeUp(clock, Duration.ofSeconds(30), true);

    assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofSeconds(1));
    assertThat(sleeping.isDone()).isFalse();
    clock.advance(Duration.ofSeconds(1));

    assertThat(sleeping.isDone()).isTrue(); // advance() ran the wake-up
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aCancelledWakeUpNeverRuns_andNoLongerCountsAsPending() {
    VirtualClock clock = new VirtualClock();
    CompletableFuture<Void> woken = new CompletableFuture<>();
    EngineClock.Cancellable wake =
        clock.sleep(
            clock.nanoTime() + Duration.ofSeconds(5).toNanos(),
            () -> woken.complete(null),
            NO_TIMER);

    wake.cancel();
    clock.advance(Duration.ofSeconds(5));

    assertThat(woken.isDone()).isFalse();
    assertThat(clock.toString()).contains("sleeping=0");
    assertThat(clock.sleeps())
        .containsExactly(Duration.ofSeconds(5)); // it was started all the same
  }

  @Test
  void wakeUpsDueTogetherRunInDeadlineOrder() {
    VirtualClock clock = new VirtualClock();
    List<String> order = new CopyOnWriteArrayList<>();
    long now = clock.nanoTime();
    clock.timeout(now + Duration.ofSeconds(3).toNanos(), () -> order.add("3 s"), NO_TIMER);
    clock.sleep(now + Duration.ofSeconds(1).toNanos(), () -> order.add("1 s"), NO_TIMER);
    clock.timeout(now + Duration.ofSeconds(2).toNanos(), () -> order.add("2 s"), NO_TIMER);

    clock.advance(Duration.ofSeconds(3));

    assertThat(order).containsExactly("1 s", "2 s", "3 s").inOrder();
  }

  @Test
  void aWakeUpAlreadyDueRunsAtOnce() {
    VirtualClock clock = new VirtualClock();

    CompletableFuture<Void> woken = wakeUp(clock, Duration.ZERO, false);

    assertThat(woken.isDone()).isTrue();
  }

  @Test
  void aWaitingThreadEndsWhenTheClockPassesItsDeadline() throws Exception {
    VirtualClock clock = new VirtualClock();
    CompletableFuture<Void> waiting = waiter(clock, Duration.ofSeconds(10));

    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));

    waiting.get(10, TimeUnit.SECONDS);
  }

  @Test
  void timeoutsAndSleepsAreToldApart() throws Exception {
    VirtualClock clock = new VirtualClock();
    CompletableFuture<Void> timeout = wakeUp(clock, Duration.ofMinutes(1), false);

    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofMinutes(1));
    AssertionError noSleep =
        assertThrows(AssertionError.class, () -> clock.awaitSleeping(Duration.ofMillis(50)));
    assertThat(noSleep)
        .hasMessageThat()
        .isEqualTo(
            "timed out after PT0.05S waiting for the engine to sleep on VirtualClock[elapsed=PT0S,"
                + " sleeping=0, waiting with a timeout=1]");
    clock.advance(Duration.ofMinutes(1));

    assertThat(timeout.isDone()).isTrue();
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void skippingSleeps_sleepsPassAtOnceAndMoveTheTime_timeoutsStillWait() throws Exception {
    VirtualClock clock = VirtualClock.skippingSleeps();
    CompletableFuture<Void> timeout = wakeUp(clock, Duration.ofSeconds(3), false);
    CompletableFuture<Void> waiting = waiter(clock, Duration.ofSeconds(3));
    clock.awaitTimeoutPending(WAIT);
    assertThat(timeout.isDone()).isFalse();

    assertThat(wakeUp(clock, Duration.ofSeconds(1), true).isDone()).isTrue();
    assertThat(wakeUp(clock, Duration.ofSeconds(2), true).isDone()).isTrue();

    assertThat(clock.sleeps())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2))
        .inOrder();
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
    assertThat(timeout.isDone()).isTrue(); // the sleeps moved the time past its deadline
    waiting.get(10, TimeUnit.SECONDS);
  }

  @Test
  void advanceSaturatesInsteadOfOverflowing() {
    VirtualClock clock = new VirtualClock();

    clock.advance(ChronoUnit.FOREVER.getDuration());

    assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void advanceRefusesANegativeDuration_namingIt() {
    VirtualClock clock = new VirtualClock();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));

    assertThat(e).hasMessageThat().isEqualTo("duration must not be negative; got PT-1S");
    assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
  }

  @Test
  void awaitsRefuseANegativeTimeout() {
    VirtualClock clock = new VirtualClock();

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> clock.awaitSleeping(Duration.ofSeconds(-1)));

    assertThat(e).hasMessageThat().isEqualTo("timeout must not be negative; got PT-1S");
  }
}
