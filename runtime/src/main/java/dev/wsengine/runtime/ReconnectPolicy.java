package dev.wsengine.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * When the engine re-dials after a lost connection, and whether it does. The engine counts attempts
 * from 1, going on counting across outages until a session stays up for {@link #resetAfter()}, and
 * asks the policy for the delay before each; the policy itself holds no state, so one instance may
 * serve many engines.
 *
 * <p>Before each delay the engine asks {@link #actionFor(Outage)} what to do about the outage: the
 * session's end (the close status received) or the failed attempt (its error, the HTTP status of a
 * refused handshake). The default answers from a table (see {@link #actionFor}); {@link
 * #onClose(int, Action)} and {@link #onHttpStatus(int, Action)} change single rows. A custom policy
 * needs only the two abstract methods.
 *
 * <p>Implementations must be thread-safe and must not block: the engine calls them on its
 * supervisor thread, never holding a lock.
 */
public interface ReconnectPolicy {
  /** What the engine does about an outage; see {@link ReconnectPolicy#actionFor(Outage)}. */
  enum Action {
    /**
     * Reconnect as after a long-lived session: the attempt count starts again from 1 and the delay
     * is {@code delayBefore(1)} (at once, for {@link ReconnectPolicy#exponential}), but at least
     * the outage's {@link Outage#retryAfter()}. An empty {@code delayBefore(1)} still gives up:
     * {@link ReconnectPolicy#never()} never reconnects.
     */
    RECONNECT,
    /**
     * Back off: the count goes on and the delay is {@code delayBefore(attempt)}, but at least the
     * outage's {@link Outage#retryAfter()}; an empty {@code delayBefore} gives up (the engine
     * stops).
     */
    BACK_OFF,
    /**
     * Stop the engine now, whatever the count; {@link WebSocketEngine#terminationCause()} then
     * gives the outage.
     */
    STOP
  }

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

  /**
   * What to do about {@code outage}. The default, row by row (the same table as {@code
   * docs/reconnect.md}):
   *
   * <ul>
   *   <li>closed with 1000, 1001 or 1012 (normal, going away, service restart): {@link
   *       Action#RECONNECT};
   *   <li>closed with 1013 (try again later): {@link Action#BACK_OFF};
   *   <li>closed with 1003, 1007, 1008 or 1009 (data or policy the server will not take again):
   *       {@link Action#STOP};
   *   <li>handshake refused with HTTP 429 or 503: {@link Action#BACK_OFF} (which honours {@code
   *       Retry-After});
   *   <li>handshake refused with HTTP 401, 403 or 404: {@link Action#STOP};
   *   <li>anything else (1006, 1011, other codes and statuses, I/O errors, timeouts, {@code OnOpen}
   *       failures): {@link Action#BACK_OFF}.
   * </ul>
   *
   * A null answer counts as {@link Action#BACK_OFF}.
   */
  default Action actionFor(Outage outage) {
    return ReconnectRule.defaultAction(outage);
  }

  /**
   * This policy, except that an outage whose session was closed with {@code code} gets {@code
   * action}; delays, {@code resetAfter} and other rows stay this policy's. Chainable; the last rule
   * given for a code wins.
   *
   * @throws IllegalArgumentException unless {@code code} is within 1000-4999
   */
  default ReconnectPolicy onClose(int code, Action action) {
    return ReconnectRule.onClose(this, code, action);
  }

  /**
   * This policy, except that an attempt refused with HTTP {@code status} gets {@code action};
   * delays, {@code resetAfter} and other rows stay this policy's. Chainable; the last rule given
   * for a status wins.
   *
   * @throws IllegalArgumentException unless {@code status} is within 100-599
   */
  default ReconnectPolicy onHttpStatus(int status, Action action) {
    return ReconnectRule.onHttpStatus(this, status, action);
  }

  /** No reconnecting: a lost connection stops the engine ({@link Action#STOP} for everything). */
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
