package dev.wsengine.testing;

import dev.wsengine.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, for tests that cannot wait on a signal. Polls every
 * millisecond; never sleeps a fixed time "to let things settle".
 */
public final class Await {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private Await() {}

  /**
   * Returns once {@code condition} holds; fails with {@code description} if it still does not after
   * {@code timeout}, or if the waiting thread is interrupted (its interrupt stays set).
   */
  public static void until(BooleanSupplier condition, Duration timeout, String description) {
    Objects.requireNonNull(description, "description");
    until(condition, timeout, () -> description);
  }

  /**
   * As {@link #until(BooleanSupplier, Duration, String)}, with a description built only on failure,
   * so it can report the state at the deadline.
   */
  public static void until(
      BooleanSupplier condition, Duration timeout, Supplier<String> description) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(description, "description");
    long remaining = nanos(timeout);
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted while waiting for: " + description.get());
      }
      if (System.nanoTime() - start >= remaining) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for: " + description.get());
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Waits until {@code condition} holds, looking again each time {@code changed} (a condition of
   * {@code lock}) is signalled: how the kit's stateful fixtures wait, instead of polling. {@code
   * condition} and {@code state} run with {@code lock} held; {@code state} describes it in the
   * failure, which names {@code what} was awaited.
   */
  static void underLock(
      ReentrantLock lock,
      Condition changed,
      BooleanSupplier condition,
      Duration timeout,
      String what,
      Supplier<String> state) {
    long remaining = nanos(timeout);
    lock.lock();
    try {
      while (!condition.getAsBoolean()) {
        if (remaining <= 0) {
          throw new AssertionError(
              "timed out after " + timeout + " waiting for " + what + "; " + state.get());
        }
        remaining = changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what + "; " + state.get(), e);
    } finally {
      lock.unlock();
    }
  }

  /** {@code timeout} in nanoseconds, saturating at {@link Long#MAX_VALUE}; rejects negatives. */
  static long nanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative; got " + timeout);
    }
    return Durations.saturatedNanos(timeout);
  }
}
