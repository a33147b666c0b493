package dev.wsengine.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Duration arithmetic that does not overflow, and the range check of duration options. Not API: the
 * engine and the transports share it so that a timeout of centuries ({@code ChronoUnit.FOREVER})
 * means "no deadline" everywhere instead of an {@link ArithmeticException} in one place and a wait
 * of minus 292 years in another, and so that the transports' builders word their errors alike.
 */
public final class Durations {
  private Durations() {}

  /**
   * {@code duration} in nanoseconds, saturated: a duration longer than {@link Long#MAX_VALUE}
   * nanoseconds (about 292 years) gives {@link Long#MAX_VALUE}, one more negative than {@link
   * Long#MIN_VALUE} gives {@link Long#MIN_VALUE}. The sign is kept, so a caller that treats a
   * negative wait as "do not wait" still does.
   */
  public static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * {@code value}, checked for a builder option that must be more than zero and at most {@code
   * max}.
   *
   * @param option the option's name, as the errors call it
   * @throws NullPointerException naming {@code option} if {@code value} is null
   * @throws IllegalArgumentException naming {@code option}, the range and {@code value} otherwise
   */
  public static Duration checkPositiveAtMost(String option, Duration value, Duration max) {
    Objects.requireNonNull(value, option);
    if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          option + " must be more than 0 and at most " + max + "; got " + value);
    }
    return value;
  }
}
