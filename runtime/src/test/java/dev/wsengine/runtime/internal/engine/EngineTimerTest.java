package dev.wsengine.runtime.internal.engine;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.EngineClock;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real-time timer the engine's waits (backoff, open timeout) run on. */
class EngineTimerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String NAME = "wsengine-timer-test-timer";

  private final EngineTimer timer = new EngineTimer(NAME, EngineThreads.DEFAULT, "the test's");

  @AfterEach
  void noThreadLeft() throws Exception {
    timer.shutdown();
    assertThat(timer.awaitThreadEnded(System.nanoTime() + WAIT.toNanos())).isTrue();
    assertThat(ThreadCounts.names(NAME)).isEmpty();
  }

  @Test
  void holdsNoThreadUntilAWakeUpIsScheduled_thenRunsItOnItsOwnThread() throws Exception {
    assertThat(ThreadCounts.names(NAME)).isEmpty();
    List<String> ranOn = new CopyOnWriteArrayList<>();
    CountDownLatch ran = new CountDownLatch(1);

    timer.schedule(
        TimeUnit.MILLISECONDS.toNanos(20),
        () -> {
          ranOn.add(Thread.currentThread().getName());
          ran.countDown();
        });

    assertThat(ran.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    assertThat(ranOn).containsExactly(NAME);
  }

  @Test
  void aFarWakeUpHoldsBackNoNearerOne_andThoseDueRunInDeadlineOrder() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch ran = new CountDownLatch(2);
    // Hold the timer's thread, so that what follows is all due when it looks again.
    timer.schedule(0, () -> awaitQuietly(release));
    timer.schedule(TimeUnit.HOURS.toNanos(1), () -> record(order, "in an hour", ran));
    timer.schedule(0, () -> record(order, "first", ran));
    timer.schedule(0, () -> record(order, "second", ran));

    release.countDown();

    assertThat(ran.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    assertThat(order).containsExactly("first", "second").inOrder();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void record(List<String> order, String what, CountDownLatch ran) {
    order.add(what);
    ran.countDown();
  }

  @Test
  void aCancelledWakeUpNeverRuns_andTheThreadEndsAfterItsLinger() throws Exception {
    CountDownLatch later = new CountDownLatch(1);
    EngineClock.Cancellable hour =
        timer.schedule(TimeUnit.HOURS.toNanos(1), () -> later.countDown());
    timer.schedule(0, () -> {}); // makes sure the thread is up
    Await.until(() -> !ThreadCounts.names(NAME).isEmpty(), WAIT, "the timer's thread");

    hour.cancel();
    hour.cancel(); // idempotent

    // Nothing pending: the thread ends by itself, one linger later.
    ThreadCounts.awaitNoThreads(NAME, WAIT);
    assertThat(later.getCount()).isEqualTo(1);
  }

  @Test
  void aFailingWakeUpDoesNotStopTheOthers() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    timer.schedule(
        0,
        () -> {
          throw new IllegalStateException("a bug in a wake-up");
        });
    timer.schedule(TimeUnit.MILLISECONDS.toNanos(10), ran::countDown);

    assertThat(ran.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
  }

  @Test
  void anInterruptLosesNoWakeUp() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    timer.schedule(TimeUnit.MILLISECONDS.toNanos(200), ran::countDown);
    Await.until(() -> !timer.liveThreads().isEmpty(), WAIT, "the timer's thread");

    timer.liveThreads().get(0).interrupt();

    assertThat(ran.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
  }

  @Test
  void shutdownDropsWhatIsPendingEndsTheThreadAtOnce_andRefusesMore() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    timer.schedule(TimeUnit.HOURS.toNanos(1), never::countDown);

    timer.shutdown();

    assertThat(timer.awaitThreadEnded(System.nanoTime() + WAIT.toNanos())).isTrue();
    assertThat(timer.liveThreads()).isEmpty();
    RejectedExecutionException e =
        assertThrows(RejectedExecutionException.class, () -> timer.schedule(0, () -> {}));
    assertThat(e).hasMessageThat().isEqualTo(NAME + " is shut down");
    assertThat(never.getCount()).isEqualTo(1);
  }

  @Test
  void aFactoryReturningNullIsNamed_andTheWakeUpIsNotKept() {
    EngineTimer broken = new EngineTimer(NAME, task -> null, "the engine's");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> broken.schedule(0, () -> {}));

    assertThat(e).hasMessageThat().isEqualTo("the engine's thread factory returned null");
    assertThat(broken.toString()).isEqualTo(NAME + "[0 pending, no thread]");
  }
}
