package dev.wsengine.docs.testing;

import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;

/**
 * Kept only for {@code transports/TransportsTest}, which another change is moving to the kit: new
 * tests use the kit's {@link ThreadCounts} (or its {@code NoThreadsLeft} extension) directly.
 */
public final class Threads {
  private Threads() {}

  /** As {@link ThreadCounts#awaitNoThreads(String, Duration)}. */
  public static void awaitNone(String prefix, Duration timeout) throws InterruptedException {
    ThreadCounts.awaitNoThreads(prefix, timeout);
  }
}
