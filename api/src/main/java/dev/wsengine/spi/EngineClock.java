package dev.wsengine.spi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The time an engine measures its own waits by: reconnect backoff, the open and stop timeouts, and
 * how long a session stayed up. The default, {@link #SYSTEM}, is real time. Tests give the engine
 * a virtual clock instead (the test kit's {@code dev.wsengine.testing.VirtualClock}), so that a
 * 30-second backoff or a one-minute open timeout takes no real time.
 *
 * <p>The engine calls a clock from its own threads and from the threads that call {@code start()}
 * and {@code stop()}, so an implementation must be thread-safe. It waits in one of two ways, which
 * a virtual clock may treat differently: {@link #sleep} when time passing is the point (a backoff),
 * {@link #awaitTimeout} when it waits for something else and time only bounds the wait (a
 * timeout).
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
        @SuppressWarnings("WaitNotInLoop") // the contract: callers loop, re-checking the time
        public void sleep(Lock lock, Condition condition, long nanos) throws InterruptedException {
          condition.await(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        @SuppressWarnings("WaitNotInLoop") // the contract: callers loop, re-checking the time
        public void awaitTimeout(Lock lock, Condition condition, long nanos)
            throws InterruptedException {
          condition.await(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public String toString() {
          return "EngineClock.SYSTEM";
        }
      };

  /** A monotonic time in nanoseconds, like {@link System#nanoTime()}: only differences count. */
  long nanoTime();

  /**
   * Waits for {@code nanos} of this clock's time to pass because the engine has nothing to do until
   * then (a reconnect backoff), or until {@code condition} is signalled (a stop or restart cuts the
   * wait short). The caller holds {@code lock}, whose condition {@code condition} is; the wait
   * releases it as {@link Condition#await()} does. May return early: the caller loops, re-checking
   * its state and {@link #nanoTime()}.
   */
  void sleep(Lock lock, Condition condition, long nanos) throws InterruptedException;

  /**
   * Waits for {@code condition} to be signalled, for at most {@code nanos} of this clock's time (the
   * open and stop timeouts). Same contract as {@link #sleep}; only the intent differs.
   */
  void awaitTimeout(Lock lock, Condition condition, long nanos) throws InterruptedException;
}
