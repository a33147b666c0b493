package dev.wsengine.internal;

import java.time.Duration;

/**
 * Duration arithmetic that does not overflow. Not API: the engine and the transports share it so
 * that a timeout of centuries ({@code ChronoUnit.FOREVER}) means "no deadline" everywhere instead
 * of an {@link ArithmeticException} in one place and a wait of minus 292 years in another.
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
}
