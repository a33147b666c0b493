package dev.wsengine.testing.transport;

import java.time.Duration;
import java.util.List;

/** Waiting for a test server's threads to end, as its {@code close()} does. */
final class Joins {
  private Joins() {}

  /**
   * Waits up to {@code each} for every thread in turn. Interrupted, it stops waiting and restores
   * the interrupt, so that a {@code close()} in a try-with-resources never throws it.
   */
  static void all(List<Thread> threads, Duration each) {
    try {
      for (Thread thread : threads) {
        thread.join(each.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
