package dev.wsengine.runtime.internal.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * The time the engine's reconnect logic sees: how long a session stayed up, and the waits
 * between attempts. Injectable so that backoff tests record the delays instead of sleeping them.
 * Timeouts (open, stop) use real time.
 */
public interface Clock {
  /** The real clock. */
  Clock SYSTEM =
      new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        @SuppressWarnings("WaitNotInLoop") // the contract: callers loop, re-checking the time
        public void awaitNanos(Condition condition, long nanos) throws InterruptedException {
          condition.await(nanos, TimeUnit.NANOSECONDS);
        }
      };

  /** A monotonic time in nanoseconds, like {@link System#nanoTime()}. */
  long nanoTime();

  /**
   * Waits on {@code condition} (whose lock the caller holds) for at most {@code nanos}, or until
   * it is signalled; may return early. The caller re-checks its own condition and the time.
   */
  void awaitNanos(Condition condition, long nanos) throws InterruptedException;
}
