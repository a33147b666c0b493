package dev.wsengine.benchmarks.e2e;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** Counts messages from any number of threads and wakes the benchmark at the last one. */
final class Countdown {
  private final long target;
  private final AtomicLong arrived = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);

  Countdown(long target) {
    this.target = target;
  }

  void arrived() {
    if (arrived.incrementAndGet() == target) {
      done.countDown();
    }
  }

  void await(Duration timeout, String what) throws InterruptedException, TimeoutException {
    if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new TimeoutException(
          what + ": " + arrived.get() + " of " + target + " messages within " + timeout);
    }
  }
}
