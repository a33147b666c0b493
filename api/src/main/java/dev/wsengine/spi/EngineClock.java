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
 * <p>The engine calls a clock from its own threads and from the threads that call {@code start()}
 * and {@code stop()}, so an implementation must be thread-safe. It waits in one of two ways, which
 * a virtual clock may treat differently: {@link #sleepUntil} when time passing is the point (a
 * backoff), {@link #awaitUntil} when it waits for something else and time only bounds the wait (a
 * timeout). Both are called with {@code lock} held and {@code condition} one of its conditions;
 * they release the lock while waiting, as {@link Condition#await()} does, and may return early
 * (when signalled, or spuriously): the caller loops, re-checking its own state and {@link
 * #nanoTime()} against the deadline. An implementation must not call into the engine.
 */
public interface EngineClock {
  /** Real time: {@link System#nanoTime()}, and timed waits on the condition itself. */
  EngineClock SYSTEM =
      new EngineClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepUntil(Lock lock, Condition condition, long deadlineNanos)
            throws InterruptedException {
          awaitUntil(lock, condition, deadlineNanos);
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
   * Waits until {@link #nanoTime()} reaches {@code deadlineNanos} because the engine has nothing to
   * do until then (a reconnect backoff), or until {@code condition} is signalled (a stop cuts the
   * wait short). See the class comment for the locking contract.
   */
  void sleepUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException;

  /**
   * Waits until {@code condition} is signalled, or until {@link #nanoTime()} reaches {@code
   * deadlineNanos} (the open and stop timeouts). See the class comment for the locking contract.
   */
  void awaitUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException;
}
