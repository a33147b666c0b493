package dev.wsengine.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * When the engine re-dials after a lost connection. The engine counts attempts from 1, going on
 * counting across outages until a session stays up for {@link #resetAfter()}, and asks the policy
 * for the delay before each; the policy itself holds no state, so one instance may serve many
 * engines.
 *
 * <p>Implementations must be thread-safe and must not block.
 */
public interface ReconnectPolicy {
  /**
   * The delay before reconnect attempt {@code attempt}, or empty to give up (the engine then
   * stops).
   *
   * @param attempt the attempt about to be made, from 1 (the first retry after the connection was
   *     lost)
   */
  Optional<Duration> delayBefore(int attempt);

  /**
   * How long a connection must stay up before a later outage counts its attempts from 1 again.
   * Without it, a connection that drops every few minutes would climb to the maximum delay.
   */
  Duration resetAfter();

  /** No reconnecting: a lost connection stops the engine. */
  static ReconnectPolicy never() {
    return NeverReconnect.INSTANCE;
  }

  /**
   * Exponential backoff: the first retry at once, then {@code initialDelay}, doubling up to {@code
   * maxDelay}, without jitter and without a limit on attempts; see {@link ExponentialBackoff} for
   * the options.
   *
   * @throws IllegalArgumentException if {@code initialDelay} is not positive or {@code maxDelay} is
   *     less than it
   */
  static ExponentialBackoff exponential(Duration initialDelay, Duration maxDelay) {
    return ExponentialBackoff.of(initialDelay, maxDelay);
  }
}
