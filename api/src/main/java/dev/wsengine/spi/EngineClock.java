package dev.wsengine.spi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The time an engine measures its own waits by: reconnect backoff, the open and stop timeouts, and
 * how long a session stayed up. The default, {@link #SYSTEM}, is real time. Tests give the engine a
 * virtual clock instead (the test kit's {@code dev.wsengine.testing.VirtualClock}), so that a
 * 30-second backoff or a one-minute open timeout takes no real time. Waits the engine does not own
 * are not on it: the transport's handshake timeout and keepalive, and a caller's {@code
 * awaitTermination(timeout)}, run in real time.
 *
 * <p>The engine waits in two ways. Its own waits (a backoff, the open timeout) hold no thread: it
 * asks the clock to run a wake-up at a deadline ({@link #sleep}, {@link #timeout}), and a clock in
 * real time hands that to the engine's {@link Timer}, which the default methods do. A virtual clock
 * keeps the wake-up and runs it when the test moves its time. The caller of {@code stop()} waits on
 * a thread of its own, at most the stop timeout, through {@link #awaitUntil}.
 *
 * <p>The engine calls a clock from its own threads and from the threads that call {@code start()}
 * and {@code stop()}, never while holding a lock of its own except in {@link #awaitUntil}; an
 * implementation must be thread-safe and must not call into the engine.
 */
public interface EngineClock {
  /** Real time: {@link System#nanoTime()}, the engine's timer, and timed waits on the condition. */
  EngineClock SYSTEM =
      new EngineClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        @SuppressWarnings("WaitNotInLoop") // the contract: callers loop, re-checking the time
        public void awaitUntil(Lock lock, Condition condition, long deadlineNanos)
            throws InterruptedException {
          condition.await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public String toString() {
          return "EngineClock.SYSTEM";
        }
      };

  /** A monotonic time in nanoseconds, like {@link System#nanoTime()}: only differences count. */
  long nanoTime();

  /**
   * Waits until {@code condition} is signalled, or until {@link #nanoTime()} reaches {@code
   * deadlineNanos}: the stop timeout, on the thread that called {@code stop()}. Called with {@code
   * lock} held and {@code condition} one of its conditions; releases the lock while waiting, as
   * {@link Condition#await()} does, and may return early (when signalled, or spuriously): the
   * caller loops, re-checking its own state and {@link #nanoTime()} against the deadline.
   */
  void awaitUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException;

  /**
   * Runs {@code wake} once {@link #nanoTime()} reaches {@code deadlineNanos}, unless it is
   * cancelled first, because the engine has nothing to do until then: the delay before a reconnect
   * attempt. The default schedules it on {@code timer} for the time left, which is right for any
   * clock in real time. A clock may run {@code wake} at once, on the calling thread, before
   * returning (a virtual clock that skips sleeps does); {@code wake} only hands work to the engine,
   * so it returns at once wherever it runs.
   *
   * @param timer the engine's timer, in real time
   * @return cancels the wake-up; {@code exit()} does, so that a stop does not wait out a backoff
   */
  default Cancellable sleep(long deadlineNanos, Runnable wake, Timer timer) {
    return timer.schedule(Math.max(0, deadlineNanos - nanoTime()), wake);
  }

  /**
   * Runs {@code wake} once {@link #nanoTime()} reaches {@code deadlineNanos}, unless it is
   * cancelled first, because a wait for something else must end by then: the open timeout. The same
   * as {@link #sleep} but for what a virtual clock tells its test (a timeout waits for the test to
   * move the time, also on a clock that skips sleeps).
   */
  default Cancellable timeout(long deadlineNanos, Runnable wake, Timer timer) {
    return timer.schedule(Math.max(0, deadlineNanos - nanoTime()), wake);
  }

  /**
   * Runs tasks after a delay in real time: the engine's timer (one thread, which exists only while
   * a task is pending, and belongs to the engine or its group). The engine gives it to {@link
   * #sleep} and {@link #timeout}; a clock does not keep it.
   */
  interface Timer {
    /**
     * Runs {@code task} on the timer's thread after {@code delayNanos}.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the timer is shut down, or cannot
     *     make its thread
     */
    Cancellable schedule(long delayNanos, Runnable task);
  }

  /** A wake-up not yet run. Any thread may cancel it. */
  interface Cancellable {
    /** Makes sure the wake-up does not run if it has not started; idempotent. */
    void cancel();
  }
}
