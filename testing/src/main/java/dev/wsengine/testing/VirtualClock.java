package dev.wsengine.testing;

import dev.wsengine.internal.Durations;
import dev.wsengine.spi.EngineClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A clock for an engine under test, whose time moves only when the test says so: a 30-second
 * reconnect backoff, a one-minute open timeout or a stop timeout pass the moment the test calls
 * {@link #advance}, and never in real time.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * WebSocketEngine engine = WebSocketEngine.builder(uri, handler)
 *     .transport(server)
 *     .clock(clock)
 *     .reconnect(ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)))
 *     .build();
 * ...
 * assertEquals(Duration.ofSeconds(2), clock.awaitSleeping(Duration.ofSeconds(5)));  // backing off
 * clock.advance(Duration.ofSeconds(2));                                           // it re-dials now
 * }</pre>
 *
 * <p>The engine waits on a clock in two ways: it <em>sleeps</em> when time passing is the point (a
 * reconnect backoff), and it <em>waits with a timeout</em> when it waits for something else (the
 * open and stop timeouts). {@link #skippingSleeps()} makes a clock on which every sleep passes at
 * once, moving the time forward by its length, while timeouts still wait for {@link #advance}: a
 * test then runs through any number of reconnects without stepping the clock, and {@link #sleeps()}
 * tells which delays the engine chose.
 *
 * <p>Threads: the engine calls {@link #nanoTime}, {@link #sleepUntil} and {@link #awaitUntil} from
 * its threads; the test calls the other methods from any thread. The waits on the test's side
 * ({@link #awaitSleeping}, {@link #awaitTimeoutPending}) are bounded in real time and fail with
 * {@link AssertionError} when that passes. A wait left pending when no test advances the clock
 * stays pending: an engine stopping while its stop timeout runs on this clock waits until its
 * threads end, however long that takes in real time.
 */
public final class VirtualClock implements EngineClock {
  /** Where time starts: far from zero, so that code subtracting times never sees a negative. */
  private static final long START_NANOS = TimeUnit.DAYS.toNanos(1);

  private final boolean skipSleeps;

  /** Virtual time now. Guarded by this. */
  private long now = START_NANOS;

  /** Every sleep the engine started, in order. Guarded by this. */
  private final List<Duration> sleeps = new ArrayList<>();

  /**
   * The deadline of the last sleep recorded per condition, so that a sleep the engine resumes after
   * an early wake-up is not recorded twice. Guarded by this.
   */
  private final IdentityHashMap<Condition, Long> sleepDeadlines = new IdentityHashMap<>();

  /** The engine's waits in progress. Guarded by this. */
  private final List<Waiter> waiters = new ArrayList<>();

  /** One engine thread waiting on this clock, and how to wake it. */
  private static final class Waiter {
    final Lock lock;
    final Condition condition;
    final long deadline;
    final boolean sleep;

    /** Set, under the clock's monitor, once its deadline has passed. */
    boolean due;

    Waiter(Lock lock, Condition condition, long deadline, boolean sleep) {
      this.lock = lock;
      this.condition = condition;
      this.deadline = deadline;
      this.sleep = sleep;
    }
  }

  /** A clock whose time moves only by {@link #advance}: sleeps and timeouts alike wait for it. */
  public VirtualClock() {
    this(false);
  }

  private VirtualClock(boolean skipSleeps) {
    this.skipSleeps = skipSleeps;
  }

  /**
   * A clock on which each sleep (a reconnect backoff) passes at once, moving the time forward by
   * its length and recording it in {@link #sleeps()}; timeouts still wait for {@link #advance}.
   */
  public static VirtualClock skippingSleeps() {
    return new VirtualClock(true);
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** How much virtual time has passed since this clock was made. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(now - START_NANOS);
  }

  /**
   * Moves the time forward by {@code duration} and wakes every engine thread whose sleep or timeout
   * ends by then; returns at once, without waiting for what the woken threads do.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative; got " + duration);
    }
    List<Waiter> woken;
    synchronized (this) {
      now += Math.min(Durations.saturatedNanos(duration), Long.MAX_VALUE - now);
      woken = takeDue();
    }
    wake(woken);
  }

  /**
   * Every sleep the engine started on this clock, in order, whether it ran its full length or not.
   */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /**
   * Waits (in real time, at most {@code timeout}) until an engine thread is sleeping on this clock;
   * returns the virtual time left until the earliest sleep ends, which {@link #advance} with that
   * much ends.
   *
   * @throws AssertionError if no thread sleeps within {@code timeout}, or the waiting thread is
   *     interrupted
   */
  public Duration awaitSleeping(Duration timeout) {
    return awaitWaiter(true, timeout);
  }

  /**
   * Waits (in real time, at most {@code timeout}) until an engine thread waits on this clock with a
   * timeout (opening, or stopping); returns the virtual time left until the earliest such timeout,
   * which {@link #advance} with that much makes pass.
   *
   * @throws AssertionError if no thread waits so within {@code timeout}, or the waiting thread is
   *     interrupted
   */
  public Duration awaitTimeoutPending(Duration timeout) {
    return awaitWaiter(false, timeout);
  }

  /** The engine calls this; see {@link EngineClock#sleepUntil}. */
  @Override
  public void sleepUntil(Lock lock, Condition condition, long deadlineNanos)
      throws InterruptedException {
    Waiter waiter;
    List<Waiter> woken;
    synchronized (this) {
      Long recorded = sleepDeadlines.put(condition, deadlineNanos);
      if (recorded == null || recorded != deadlineNanos) {
        sleeps.add(Duration.ofNanos(Math.max(0, deadlineNanos - now)));
      }
      if (skipSleeps) {
        now = Math.max(now, deadlineNanos);
        woken = takeDue();
        waiter = null;
      } else {
        woken = List.of();
        waiter = register(lock, condition, deadlineNanos, true);
      }
    }
    if (waiter == null) {
      wakeAfterSkip(lock, woken);
      return;
    }
    await(waiter);
  }

  /** The engine calls this; see {@link EngineClock#awaitUntil}. */
  @Override
  public void awaitUntil(Lock lock, Condition condition, long deadlineNanos)
      throws InterruptedException {
    Waiter waiter;
    synchronized (this) {
      waiter = register(lock, condition, deadlineNanos, false);
    }
    await(waiter);
  }

  /** Registers a wait; null-free: an already-due deadline is registered as due. */
  private Waiter register(Lock lock, Condition condition, long deadline, boolean sleep) {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(condition, "condition");
    Waiter waiter = new Waiter(lock, condition, deadline, sleep);
    waiter.due = deadline - now <= 0;
    if (!waiter.due) {
      waiters.add(waiter);
      notifyAll(); // test threads in awaitWaiter
    }
    return waiter;
  }

  /**
   * Waits on the caller's condition until signalled: by the engine, or by {@link #advance} once the
   * deadline passed. The caller holds {@code waiter.lock}, and advance() signals only while holding
   * it, so a wake-up cannot fall between the registration and the wait.
   */
  @SuppressWarnings("WaitNotInLoop") // the EngineClock contract: the engine loops
  private void await(Waiter waiter) throws InterruptedException {
    if (waiter.due) {
      return;
    }
    try {
      waiter.condition.await();
    } finally {
      synchronized (this) {
        waiters.remove(waiter);
      }
    }
  }

  /** Removes and returns the waiters whose deadlines have passed. Holds this. */
  private List<Waiter> takeDue() {
    List<Waiter> due = new ArrayList<>();
    for (Waiter waiter : waiters) {
      if (waiter.deadline - now <= 0) {
        waiter.due = true;
        due.add(waiter);
      }
    }
    waiters.removeAll(due);
    return due;
  }

  /**
   * Wakes the waits a skipped sleep ended. Those on the sleeper's own lock, which it holds, are
   * signalled at once. Those on another lock (another engine on this clock) are signalled from a
   * new thread: the sleeper, holding its own lock, must not wait for another, or two engines that
   * do so at once would deadlock.
   */
  private static void wakeAfterSkip(Lock held, List<Waiter> woken) {
    List<Waiter> others = new ArrayList<>();
    for (Waiter waiter : woken) {
      if (waiter.lock == held) {
        waiter.condition.signalAll();
      } else {
        others.add(waiter);
      }
    }
    if (!others.isEmpty()) {
      Thread thread = new Thread(() -> wake(others), "virtual-clock-wake");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Signals each waiter's condition under its lock. Called without this clock's monitor. */
  private static void wake(List<Waiter> woken) {
    for (Waiter waiter : woken) {
      waiter.lock.lock();
      try {
        waiter.condition.signalAll();
      } finally {
        waiter.lock.unlock();
      }
    }
  }

  private synchronized Duration awaitWaiter(boolean sleep, Duration timeout) {
    long timeoutNanos = Await.nanos(timeout);
    long start = System.nanoTime();
    while (true) {
      Optional<Waiter> earliest =
          waiters.stream()
              .filter(w -> w.sleep == sleep)
              .min(Comparator.comparingLong(w -> w.deadline - now));
      if (earliest.isPresent()) {
        return Duration.ofNanos(earliest.get().deadline - now);
      }
      long left = timeoutNanos - (System.nanoTime() - start);
      if (left <= 0) {
        throw new AssertionError(
            "timed out after "
                + timeout
                + " waiting for an engine thread to "
                + (sleep ? "sleep" : "wait with a timeout")
                + " on "
                + this);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(
            "interrupted while waiting for an engine thread to "
                + (sleep ? "sleep" : "wait with a timeout"),
            e);
      }
    }
  }

  @Override
  public synchronized String toString() {
    long sleeping = waiters.stream().filter(w -> w.sleep).count();
    return "VirtualClock[elapsed="
        + Duration.ofNanos(now - START_NANOS)
        + ", sleeping="
        + sleeping
        + ", waiting with a timeout="
        + (waiters.size() - sleeping)
        + (skipSleeps ? ", skipping sleeps" : "")
        + "]";
  }
}
