package dev.wsengine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** ThreadCounts finds threads by name, and says which are left and where they are. */
class ThreadCountsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHORT = Duration.ofMillis(50);
  private static final String THREAD_PREFIX = "thread-counts-test-";

  @Test
  void awaitNoThreadsNamesTheLeftoverThreadWithItsStack() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread parked =
        new Thread(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            THREAD_PREFIX + 1);
    parked.start();
    try {
      Await.until(() -> parked.getState() == Thread.State.WAITING, TIMEOUT, "the thread to park");

      AssertionError failure =
          assertThrows(
              AssertionError.class, () -> ThreadCounts.awaitNoThreads(THREAD_PREFIX, SHORT));

      assertTrue(failure.getMessage().contains("\"" + THREAD_PREFIX), failure.getMessage());
      assertTrue(
          failure.getMessage().contains("java.util.concurrent.CountDownLatch.await("),
          failure.getMessage());
    } finally {
      release.countDown();
    }
    ThreadCounts.awaitNoThreads(THREAD_PREFIX, TIMEOUT);
    assertEquals(0, ThreadCounts.count(THREAD_PREFIX));
  }
}
