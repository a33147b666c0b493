package dev.wsengine.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with a cap, optional jitter and an optional limit on attempts.
 *
 * <p>Attempt 1 (the first retry after a connection was lost) is made at once: most drops are brief.
 * Attempt {@code n ≥ 2} waits {@code min(maxDelay, initialDelay × multiplier^(n-2))}, then, with
 * jitter {@code j}, a uniformly random amount within ±{@code j} of that (so that many clients
 * dropped by one server restart do not return in lockstep), never more than {@code maxDelay}.
 *
 * <p>Immutable and thread-safe; each {@code with…} method returns a new policy. Tests pass a seeded
 * {@link Random} with {@link #withRandom(Random)}.
 */
public final class ExponentialBackoff implements ReconnectPolicy {
  /** The multiplier unless set: each delay doubles the last. */
  public static final double DEFAULT_MULTIPLIER = 2.0;

  /** The jitter {@link #withJitter()} sets: ±20%. */
  public static final double DEFAULT_JITTER = 0.2;

  /** How long a connection must stay up, unless set, before attempts count from 1 again. */
  public static final Duration DEFAULT_RESET_AFTER = Duration.ofMinutes(1);

  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;
  private final int maxAttempts;
  private final Duration resetAfter;

  /** Null means ThreadLocalRandom, which cannot be stored: it belongs to the calling thread. */
  private final Random random;

  private ExponentialBackoff(
      Duration initialDelay,
      Duration maxDelay,
      double multiplier,
      double jitter,
      int maxAttempts,
      Duration resetAfter,
      Random random) {
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.multiplier = multiplier;
    this.jitter = jitter;
    this.maxAttempts = maxAttempts;
    this.resetAfter = resetAfter;
    this.random = random;
  }

  static ExponentialBackoff of(Duration initialDelay, Duration maxDelay) {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be positive; got " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay must be at least initialDelay (" + initialDelay + "); got " + maxDelay);
    }
    return new ExponentialBackoff(
        initialDelay, maxDelay, DEFAULT_MULTIPLIER, 0, 0, DEFAULT_RESET_AFTER, null);
  }

  /**
   * Each delay is the last one times {@code multiplier}.
   *
   * @throws IllegalArgumentException unless within 1.0–100.0
   */
  public ExponentialBackoff withMultiplier(double multiplier) {
    if (!(multiplier >= 1.0 && multiplier <= 100.0)) {
      throw new IllegalArgumentException("multiplier must be within 1.0-100.0; got " + multiplier);
    }
    return new ExponentialBackoff(
        initialDelay, maxDelay, multiplier, jitter, maxAttempts, resetAfter, random);
  }

  /** Spreads each delay by ±{@value #DEFAULT_JITTER} of itself. */
  public ExponentialBackoff withJitter() {
    return withJitter(DEFAULT_JITTER);
  }

  /**
   * Spreads each delay uniformly within ±{@code jitter} of itself; 0 for none.
   *
   * @throws IllegalArgumentException unless within 0.0–1.0
   */
  public ExponentialBackoff withJitter(double jitter) {
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be within 0.0-1.0; got " + jitter);
    }
    return new ExponentialBackoff(
        initialDelay, maxDelay, multiplier, jitter, maxAttempts, resetAfter, random);
  }

  /**
   * Gives up after {@code maxAttempts} failed attempts in one outage; 0 for no limit.
   *
   * @throws IllegalArgumentException if negative
   */
  public ExponentialBackoff withMaxAttempts(int maxAttempts) {
    if (maxAttempts < 0) {
      throw new IllegalArgumentException(
          "maxAttempts must be at least 0 (0 means no limit); got " + maxAttempts);
    }
    return new ExponentialBackoff(
        initialDelay, maxDelay, multiplier, jitter, maxAttempts, resetAfter, random);
  }

  /**
   * How long a connection must stay up before a later outage counts attempts from 1 again.
   *
   * @throws IllegalArgumentException if negative
   */
  public ExponentialBackoff withResetAfter(Duration resetAfter) {
    Objects.requireNonNull(resetAfter, "resetAfter");
    if (resetAfter.isNegative()) {
      throw new IllegalArgumentException("resetAfter must not be negative; got " + resetAfter);
    }
    return new ExponentialBackoff(
        initialDelay, maxDelay, multiplier, jitter, maxAttempts, resetAfter, random);
  }

  /**
   * The source of jitter; for tests, a seeded {@link Random}. Default: {@link ThreadLocalRandom}.
   */
  public ExponentialBackoff withRandom(Random random) {
    Objects.requireNonNull(random, "random");
    return new ExponentialBackoff(
        initialDelay, maxDelay, multiplier, jitter, maxAttempts, resetAfter, random);
  }

  /**
   * @throws IllegalArgumentException if {@code attempt} is less than 1
   */
  @Override
  public Optional<Duration> delayBefore(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1; got " + attempt);
    }
    if (maxAttempts > 0 && attempt > maxAttempts) {
      return Optional.empty();
    }
    if (attempt == 1) {
      return Optional.of(Duration.ZERO);
    }
    double maxNanos = maxDelay.toNanos();
    // Computed in double so that large attempt numbers saturate at maxDelay instead of overflowing.
    double nanos = Math.min(maxNanos, initialDelay.toNanos() * Math.pow(multiplier, attempt - 2));
    if (jitter > 0) {
      Random source = random != null ? random : ThreadLocalRandom.current();
      nanos += nanos * jitter * (2 * source.nextDouble() - 1);
      nanos = Math.min(maxNanos, nanos);
    }
    return Optional.of(Duration.ofNanos((long) nanos));
  }

  @Override
  public Duration resetAfter() {
    return resetAfter;
  }

  @Override
  public String toString() {
    return "ExponentialBackoff[initialDelay="
        + initialDelay
        + ", maxDelay="
        + maxDelay
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + ", maxAttempts="
        + (maxAttempts == 0 ? "unlimited" : maxAttempts)
        + ", resetAfter="
        + resetAfter
        + "]";
  }
}
