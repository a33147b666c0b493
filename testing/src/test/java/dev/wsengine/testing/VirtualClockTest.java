package dev.wsengine.testing;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** The clock's own contract, with a lock and condition standing in for an engine's. */
class VirtualClockTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Waits as the engine does: loops until the deadline on {@code clock} has passed. */
  private CompletableFuture<Void> sleeper(VirtualClock clock, Duration length, boolean sleep) {
    long deadline = clock.nanoTime() + length.toNanos();
    return CompletableFuture.runAsync(
        () -> {
          lock.lock();
          try {
            while (deadline - clock.nanoTime() > 0) {
              if (sleep) {
                clock.sleepUntil(lock, changed, deadline);
              } else {
                clock.awaitUntil(lock, changed, deadline);
              }
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
    CompletableFuture<Void> sleeping = sleeper(clock, Duration.ofSeconds(30), true);

    assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(29));
    assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofSeconds(1));
    assertThat(sleeping.isDone()).isFalse();
    clock.advance(Duration.ofSeconds(1));

    sleeping.get(10, TimeUnit.SECONDS);
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aSignalWakesAWaitEarly_andTheResumedSleepIsRecordedOnce() throws Exception {
    VirtualClock clock = new VirtualClock();
    CompletableFuture<Void> sleeping = sleeper(clock, Duration.ofSeconds(5), true);
    clock.awaitSleeping(WAIT);

    lock.lock();
    try {
      changed.signalAll(); // the engine's own wake-up: the sleeper loops and sleeps again
    } finally {
      lock.unlock();
    }
    clock.advance(Duration.ofSeconds(5));

    sleeping.get(10, TimeUnit.SECONDS);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void timeoutsAndSleepsAreToldApart() throws Exception {
    VirtualClock clock = new VirtualClock();
    CompletableFuture<Void> timeout = sleeper(clock, Duration.ofMinutes(1), false);

    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofMinutes(1));
    AssertionError noSleep =
        assertThrows(AssertionError.class, () -> clock.awaitSleeping(Duration.ofMillis(50)));
    assertThat(noSleep)
        .hasMessageThat()
        .isEqualTo(
            "timed out after PT0.05S waiting for an engine thread to sleep on VirtualClock[elapsed=PT0S,"
                + " sleeping=0, waiting with a timeout=1]");
    clock.advance(Duration.ofMinutes(1));

    timeout.get(10, TimeUnit.SECONDS);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void skippingSleeps_sleepsPassAtOnceAndMoveTheTime_timeoutsStillWait() throws Exception {
    VirtualClock clock = VirtualClock.skippingSleeps();
    CompletableFuture<Void> timeout = sleeper(clock, Duration.ofSeconds(3), false);
    clock.awaitTimeoutPending(WAIT);

    sleeper(clock, Duration.ofSeconds(1), true).get(10, TimeUnit.SECONDS);
    sleeper(clock, Duration.ofSeconds(2), true).get(10, TimeUnit.SECONDS);

    assertThat(clock.sleeps())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2))
        .inOrder();
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
    timeout.get(10, TimeUnit.SECONDS); // the sleeps moved the time past its deadline
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
