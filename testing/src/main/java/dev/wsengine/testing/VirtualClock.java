package dev.wsengine.testing;

import dev.wsengine.internal.Durations;
import dev.wsengine.spi.EngineClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>The engine's own waits hold no thread: it hands the clock a wake-up ({@link #sleep}, {@link
 * #timeout}), which {@link #advance} runs on the test's thread once the time has come (the wake-up
 * only hands work to the engine's threads, so it returns at once). A stop's timeout is a thread
 * waiting ({@link #awaitUntil}), which {@link #advance} signals.
 *
 * <p>Threads: the engine calls {@link #nanoTime}, {@link #sleep}, {@link #timeout} and {@link
 * #awaitUntil} from its threads; the test calls the other methods from any thread. The waits on the
 * test's side ({@link #awaitSleeping}, {@link #awaitTimeoutPending}) are bounded in real time and
 * fail with {@link AssertionError} when that passes. A wait left pending when no test advances the
 * clock stays pending: an engine stopping while its stop timeout runs on this clock waits until its
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

  /** The engine's waits in progress. Guarded by this. */
  private final List<Waiter> waiters = new ArrayList<>();

  /**
   * One wait of the engine's, and how to end it: a wake-up to run ({@link #sleep}, {@link
   * #timeout}), or a thread to signal ({@link #awaitUntil}).
   */
  private static final class Waiter {
    final long deadline;
    final boolean sleep;

    /** The wake-up to run, or null for a thread waiting on {@link #condition}. */
    final Runnable task;

    final Lock lock;
    final Condition condition;

    /** Set, under the clock's monitor, once its deadline has passed. */
    boolean due;

    Waiter(long deadline, boolean sleep, Runnable task, Lock lock, Condition condition) {
      this.deadline = deadline;
      this.sleep = sleep;
      this.task = task;
      this.lock = lock;
      this.condition = condition;
    }

    /** Ends the wait: runs the wake-up, or signals the waiting thread under its lock. */
    void wake() {
      if (task != null) {
        task.run();
        return;
      }
      lock.lock();
      try {
        condition.signalAll();
      } finally {
        lock.unlock();
      }
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
   * Moves the time forward by {@code duration} and ends every sleep and timeout due by then, in
   * deadline order: runs their wake-ups on this thread and signals waiting threads; returns without
   * waiting for what the engine then does.
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
    wakeAll(woken);
  }

  /**
   * Every sleep the engine started on this clock, in order, whether it ran its full length or not.
   */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /**
   * Waits (in real time, at most {@code timeout}) until the engine sleeps on this clock (backs
   * off); returns the virtual time left until the earliest sleep ends, which {@link #advance} with
   * that much ends.
   *
   * @throws AssertionError if no thread sleeps within {@code timeout}, or the waiting thread is
   *     interrupted
   */
  public Duration awaitSleeping(Duration timeout) {
    return awaitWaiter(true, timeout);
  }

  /**
   * Waits (in real time, at most {@code timeout}) until the engine waits on this clock with a
   * timeout (opening, or stopping); returns the virtual time left until the earliest such timeout,
   * which {@link #advance} with that much makes pass.
   *
   * @throws AssertionError if no thread waits so within {@code timeout}, or the waiting thread is
   *     interrupted
   */
  public Duration awaitTimeoutPending(Duration timeout) {
    return awaitWaiter(false, timeout);
  }

  /**
   * The engine calls this for a reconnect backoff; see {@link EngineClock#sleep}. Records the
   * sleep; on a clock {@linkplain #skippingSleeps() skipping sleeps} moves the time to its end and
   * runs {@code wake} (and whatever else that time ends) at once, else keeps it for {@link
   * #advance}.
   */
  @Override
  public EngineClock.Cancellable sleep(long deadlineNanos, Runnable wake, EngineClock.Timer timer) {
    Objects.requireNonNull(wake, "wake");
    Waiter waiter = new Waiter(deadlineNanos, true, wake, null, null);
    List<Waiter> woken;
    synchronized (this) {
      sleeps.add(Duration.ofNanos(Math.max(0, deadlineNanos - now)));
      if (skipSleeps) {
        now = Math.max(now, deadlineNanos);
      }
      woken = register(waiter);
    }
    wakeAll(woken);
    return () -> cancel(waiter);
  }

  /**
   * The engine calls this for the open timeout; see {@link EngineClock#timeout}. Kept until {@link
   * #advance} reaches its deadline, also on a clock that skips sleeps.
   */
  @Override
  public EngineClock.Cancellable timeout(
      long deadlineNanos, Runnable wake, EngineClock.Timer timer) {
    Objects.requireNonNull(wake, "wake");
    Waiter waiter = new Waiter(deadlineNanos, false, wake, null, null);
    List<Waiter> woken;
    synchronized (this) {
      woken = register(waiter);
    }
    wakeAll(woken);
    return () -> cancel(waiter);
  }

  private synchronized void cancel(Waiter waiter) {
    waiters.remove(waiter);
  }

  /** The engine calls this while {@code stop()} waits; see {@link EngineClock#awaitUntil}. */
  @Override
  public void awaitUntil(Lock lock, Condition condition, long deadlineNanos)
      throws InterruptedException {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(condition, "condition");
    Waiter waiter = new Waiter(deadlineNanos, false, null, lock, condition);
    synchronized (this) {
      waiter.due = deadlineNanos - now <= 0;
      if (!waiter.due) {
        waiters.add(waiter);
        notifyAll(); // test threads in awaitWaiter
      }
    }
    await(waiter);
  }

  /**
   * Adds a wake-up, or, when its deadline has passed already, returns it with every other wait now
   * due, to be woken by the caller without this monitor. Holds this.
   */
  private List<Waiter> register(Waiter waiter) {
    waiters.add(waiter);
    notifyAll(); // test threads in awaitWaiter
    return takeDue();
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

  /** Removes and returns the waiters whose deadlines have passed, earliest first. Holds this. */
  private List<Waiter> takeDue() {
    List<Waiter> due = new ArrayList<>();
    for (Waiter waiter : waiters) {
      if (waiter.deadline - now <= 0) {
        waiter.due = true;
        due.add(waiter);
      }
    }
    waiters.removeAll(due);
    due.sort(Comparator.comparingLong(w -> w.deadline - now));
    return due;
  }

  /** Ends each wait, in deadline order. Called without this clock's monitor. */
  private static void wakeAll(List<Waiter> woken) {
    for (Waiter waiter : woken) {
      waiter.wake();
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
                + " waiting for the engine to "
                + (sleep ? "sleep" : "wait with a timeout")
                + " on "
                + this);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(
            "interrupted while waiting for the engine to "
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
