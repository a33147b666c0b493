package dev.wsengine.testing;

import java.util.stream.LongStream;

/**
 * Seeds for randomized tests, so that a failure can be replayed. A test runs its body once per seed
 * from a fixed list (0, 1, 2, ...), so every run draws the same numbers; a failing seed is named in
 * the failure, and {@code -Dwsengine.test.seed=N} runs seed N alone. Thread timing is not replayed:
 * a seed fixes what the test does, not how the threads interleave.
 */
public final class Seeds {
  /** The system property that, when set, makes every seeded test run that one seed. */
  public static final String PROPERTY = "wsengine.test.seed";

  private Seeds() {}

  /** The test body for one seed. */
  @FunctionalInterface
  public interface Body {
    void run(long seed) throws Exception;
  }

  /**
   * Runs {@code body} for seeds 0 to {@code count - 1}, or only for the seed {@link #PROPERTY}
   * names; a failure is rethrown as an {@link AssertionError} that states the seed and how to
   * replay it, with the original failure as its cause.
   */
  public static void forEach(int count, Body body) {
    for (long seed : seeds(count)) {
      try {
        body.run(seed);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failed(seed, e);
      } catch (Exception | AssertionError e) {
        throw failed(seed, e);
      }
    }
  }

  private static long[] seeds(int count) {
    String only = System.getProperty(PROPERTY, "").strip();
    if (only.isEmpty()) {
      return LongStream.range(0, count).toArray();
    }
    try {
      return new long[] {Long.parseLong(only)};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PROPERTY + " must be a long; got " + only, e);
    }
  }

  private static AssertionError failed(long seed, Throwable cause) {
    return new AssertionError(
        "failed with seed "
            + seed
            + "; replay it alone with -D"
            + PROPERTY
            + "="
            + seed
            + ": "
            + cause,
        cause);
  }
}
