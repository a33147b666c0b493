package dev.wsengine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.testing.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

  @Test
  void firstRetryIsImmediate_thenDelaysDoubleUpToTheCap() {
    ReconnectPolicy policy = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS);

    assertEquals(List.of(0L, 1L, 2L, 4L, 8L, 16L, 30L, 30L), delaysInSeconds(policy, 8));
  }

  @Test
  void multiplierChangesTheGrowth() {
    ReconnectPolicy policy =
        ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(10))
            .withMultiplier(3);

    assertEquals(Optional.of(Duration.ofMillis(100)), policy.delayBefore(2));
    assertEquals(Optional.of(Duration.ofMillis(300)), policy.delayBefore(3));
    assertEquals(Optional.of(Duration.ofMillis(900)), policy.delayBefore(4));
  }

  @Test
  void hugeAttemptNumbers_saturateAtTheCapWithoutOverflow() {
    ReconnectPolicy policy = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS);

    assertEquals(Optional.of(THIRTY_SECONDS), policy.delayBefore(Integer.MAX_VALUE));
  }

  @Test
  void jitter_staysWithinItsBandAndUnderTheCap_andIsReproducibleWithASeed() {
    ExponentialBackoff policy =
        ReconnectPolicy.exponential(SECOND, Duration.ofSeconds(8)).withJitter(0.5);

    Seeds.forEach(
        200,
        seed -> {
          Duration delay = policy.withRandom(new Random(seed)).delayBefore(3).orElseThrow();
          // nominal 2 s, ±50%
          assertTrue(
              delay.compareTo(Duration.ofSeconds(1)) >= 0
                  && delay.compareTo(Duration.ofSeconds(3)) <= 0,
              delay::toString);
          Duration capped = policy.withRandom(new Random(seed)).delayBefore(10).orElseThrow();
          assertTrue(
              capped.compareTo(Duration.ofSeconds(4)) >= 0
                  && capped.compareTo(Duration.ofSeconds(8)) <= 0,
              capped::toString);
        });
    assertEquals(
        policy.withRandom(new Random(42)).delayBefore(4),
        policy.withRandom(new Random(42)).delayBefore(4));
  }

  @Test
  void jitterSpreadsDelays() {
    ExponentialBackoff policy = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS).withJitter();
    Random random = new Random(7);

    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> policy.withRandom(random).delayBefore(3).orElseThrow())
            .distinct()
            .count();

    assertTrue(distinct > 40, "50 jittered delays gave only " + distinct + " distinct values");
  }

  @Test
  void firstRetryStaysImmediateWithJitter() {
    ExponentialBackoff policy =
        ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS)
            .withJitter(1.0)
            .withRandom(new Random(1));

    assertEquals(Optional.of(Duration.ZERO), policy.delayBefore(1));
  }

  @Test
  void maxAttempts_givesUpAfterTheLimit() {
    ReconnectPolicy policy = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS).withMaxAttempts(3);

    assertTrue(policy.delayBefore(3).isPresent());
    assertEquals(Optional.empty(), policy.delayBefore(4));
  }

  @Test
  void resetAfter_defaultsToAMinuteAndCanBeSet() {
    ExponentialBackoff policy = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS);

    assertEquals(Duration.ofMinutes(1), policy.resetAfter());
    assertEquals(Duration.ofSeconds(5), policy.withResetAfter(Duration.ofSeconds(5)).resetAfter());
  }

  @Test
  void never_givesUpAtOnce() {
    assertEquals(Optional.empty(), ReconnectPolicy.never().delayBefore(1));
  }

  @Test
  void withMethods_leaveTheOriginalUnchanged() {
    ExponentialBackoff original = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS);

    original.withMaxAttempts(1).withMultiplier(5).withJitter();

    assertTrue(original.delayBefore(2).isPresent());
    assertEquals(Optional.of(Duration.ofSeconds(2)), original.delayBefore(3));
  }

  // --- Bad values: each names the option, the value and what is accepted ---

  @Test
  void nonPositiveInitialDelay_isRejected() {
    assertMessage(
        "initialDelay must be positive; got PT0S",
        () -> ReconnectPolicy.exponential(Duration.ZERO, THIRTY_SECONDS));
    assertMessage(
        "initialDelay must be positive; got PT-1S",
        () -> ReconnectPolicy.exponential(Duration.ofSeconds(-1), THIRTY_SECONDS));
  }

  @Test
  void maxDelayBelowInitialDelay_isRejected() {
    assertMessage(
        "maxDelay must be at least initialDelay (PT30S); got PT1S",
        () -> ReconnectPolicy.exponential(THIRTY_SECONDS, SECOND));
  }

  @Test
  void multiplierOutOfRange_isRejected() {
    ExponentialBackoff policy = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS);
    assertMessage("multiplier must be within 1.0-100.0; got 0.5", () -> policy.withMultiplier(0.5));
    assertMessage(
        "multiplier must be within 1.0-100.0; got NaN", () -> policy.withMultiplier(Double.NaN));
    assertMessage(
        "multiplier must be within 1.0-100.0; got 101.0", () -> policy.withMultiplier(101));
  }

  @Test
  void jitterOutOfRange_isRejected() {
    ExponentialBackoff policy = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS);
    assertMessage("jitter must be within 0.0-1.0; got -0.1", () -> policy.withJitter(-0.1));
    assertMessage("jitter must be within 0.0-1.0; got 1.5", () -> policy.withJitter(1.5));
  }

  @Test
  void negativeMaxAttemptsOrResetAfter_isRejected() {
    ExponentialBackoff policy = ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS);
    assertMessage(
        "maxAttempts must be at least 0 (0 means no limit); got -1",
        () -> policy.withMaxAttempts(-1));
    assertMessage(
        "resetAfter must not be negative; got PT-1S",
        () -> policy.withResetAfter(Duration.ofSeconds(-1)));
  }

  @Test
  void attemptBelowOne_isRejected() {
    assertMessage(
        "attempt must be at least 1; got 0",
        () -> ReconnectPolicy.exponential(SECOND, THIRTY_SECONDS).delayBefore(0));
  }

  private static List<Long> delaysInSeconds(ReconnectPolicy policy, int attempts) {
    List<Long> delays = new ArrayList<>();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      delays.add(policy.delayBefore(attempt).orElseThrow().toSeconds());
    }
    return delays;
  }

  private static void assertMessage(
      String expected, org.junit.jupiter.api.function.Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
