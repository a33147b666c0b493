package dev.wsengine.docs.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;

/** Which threads are alive: how the tests show that a stopped engine left nothing running. */
public final class Threads {
  private Threads() {}

  /** The names of the live threads whose names start with {@code prefix}. */
  public static List<String> named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .map(Thread::getName)
        .sorted()
        .toList();
  }

  /**
   * Returns once no live thread's name starts with {@code prefix}; fails naming them after {@code
   * timeout}. The transport's daemon threads end a little after the engine's stop returns.
   */
  public static void awaitNone(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!named(prefix).isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        fail("threads named " + prefix + "* still alive " + timeout + " after the engine stopped: " + named(prefix));
      }
      Thread.sleep(10);
    }
  }
}
