package dev.wsengine.example.echo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline; never sleeps a fixed time "to let things settle". */
final class Await {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private Await() {}

  /** Returns once {@code condition} holds; fails with {@code description} after {@code timeout}. */
  static void until(BooleanSupplier condition, Duration timeout, Supplier<String> description) {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new AssertionError("interrupted while waiting for: " + description.get());
      }
      if (System.nanoTime() - start >= timeout.toNanos()) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + description.get());
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
