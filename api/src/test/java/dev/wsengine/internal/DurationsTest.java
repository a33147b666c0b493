package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void durationsThatFitAreExact() {
    assertEquals(0, Durations.saturatedNanos(Duration.ZERO));
    assertEquals(1, Durations.saturatedNanos(Duration.ofNanos(1)));
    assertEquals(1_500_000_000L, Durations.saturatedNanos(Duration.ofMillis(1_500)));
    assertEquals(-2_000_000L, Durations.saturatedNanos(Duration.ofMillis(-2)));
  }

  @Test
  void theLimitsThemselvesFit() {
    assertEquals(Long.MAX_VALUE, Durations.saturatedNanos(Duration.ofNanos(Long.MAX_VALUE)));
    assertEquals(Long.MIN_VALUE, Durations.saturatedNanos(Duration.ofNanos(Long.MIN_VALUE)));
  }

  @Test
  void hugeDurationsSaturateAtLongMaxValue() {
    assertEquals(Long.MAX_VALUE, Durations.saturatedNanos(ChronoUnit.FOREVER.getDuration()));
    assertEquals(
        Long.MAX_VALUE, Durations.saturatedNanos(Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)));
    assertEquals(Long.MAX_VALUE, Durations.saturatedNanos(Duration.ofDays(365L * 300)));
  }

  @Test
  void hugeNegativeDurationsSaturateAtLongMinValueKeepingTheSign() {
    assertEquals(
        Long.MIN_VALUE, Durations.saturatedNanos(ChronoUnit.FOREVER.getDuration().negated()));
    assertEquals(
        Long.MIN_VALUE, Durations.saturatedNanos(Duration.ofNanos(Long.MIN_VALUE).minusNanos(1)));
    assertEquals(Long.MIN_VALUE, Durations.saturatedNanos(Duration.ofDays(-365L * 300)));
  }

  @Test
  void anOptionFromAboveZeroToTheMaximumIsKept() {
    Duration max = Duration.ofDays(1);
    Duration least = Duration.ofNanos(1);

    assertSame(least, Durations.checkPositiveAtMost("pong timeout", least, max));
    assertSame(max, Durations.checkPositiveAtMost("pong timeout", max, max));
  }

  @Test
  void anOptionOutOfRangeIsRefusedNamingTheOptionTheRangeAndTheValue() {
    Duration max = Duration.ofDays(1);

    assertEquals(
        "keepalive interval must be more than 0 and at most PT24H; got PT0S",
        assertThrows(
                IllegalArgumentException.class,
                () -> Durations.checkPositiveAtMost("keepalive interval", Duration.ZERO, max))
            .getMessage());
    assertEquals(
        "pong timeout must be more than 0 and at most PT24H; got PT-1S",
        assertThrows(
                IllegalArgumentException.class,
                () -> Durations.checkPositiveAtMost("pong timeout", Duration.ofSeconds(-1), max))
            .getMessage());
    assertEquals(
        "pong timeout must be more than 0 and at most PT24H; got PT24H0.000000001S",
        assertThrows(
                IllegalArgumentException.class,
                () -> Durations.checkPositiveAtMost("pong timeout", max.plusNanos(1), max))
            .getMessage());
  }

  @Test
  void aMissingOptionIsRefusedNamingIt() {
    assertEquals(
        "keepalive interval",
        assertThrows(
                NullPointerException.class,
                () -> Durations.checkPositiveAtMost("keepalive interval", null, Duration.ofDays(1)))
            .getMessage());
  }
}
