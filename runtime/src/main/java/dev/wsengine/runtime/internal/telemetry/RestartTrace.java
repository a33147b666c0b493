package dev.wsengine.runtime.internal.telemetry;

import dev.wsengine.runtime.Outage;
import dev.wsengine.runtime.ReconnectPolicy.Action;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Locale;

/**
 * One outage, from a session's end until the engine is reconnected, gives up or is stopped: the
 * {@code wsengine.restart} span, the reconnect metrics, and the downtime.
 *
 * <p>Threading: the supervisor's alone; not thread-safe.
 */
public final class RestartTrace implements AutoCloseable {
  private final EngineTelemetry telemetry;
  private final Span span;
  private final long endedAtNanos;

  /** The attempt being made, or 0 before the first. */
  private int attempt;

  private boolean ended;

  /** The latest decision's attributes, for the next backoff event. */
  private Attributes decision = Attributes.empty();

  RestartTrace(EngineTelemetry telemetry, Span span, long endedAtNanos) {
    this.telemetry = telemetry;
    this.span = span;
    this.endedAtNanos = endedAtNanos;
  }

  /** The context to open attempts and run {@code @OnRestartError} in: the restart span's. */
  public Context context() {
    return span.getSpanContext().isValid() ? Context.root().with(span) : Context.root();
  }

  /**
   * Attempt {@code attempt} comes after {@code delay}: an event, before the wait, with the decision
   * it follows (none after {@code restart()}).
   */
  public void backoff(int attempt, Duration delay) {
    this.attempt = attempt;
    if (span.isRecording()) {
      span.addEvent(
          EngineTelemetry.BACKOFF_EVENT,
          decision.toBuilder()
              .put(Keys.ATTEMPT, (long) attempt)
              .put(Keys.BACKOFF_DELAY, delay.toNanos() / 1e9)
              .build());
      decision = Attributes.empty();
    }
  }

  /**
   * The reconnect policy judged {@code cause} (the session's end, or a failed attempt): the span's
   * {@code wsengine.reconnect.action} and {@code wsengine.outage.*} attributes hold the latest
   * decision, and the next {@code wsengine.backoff} event carries them too.
   */
  public void decided(Outage cause, Action action) {
    if (!span.isRecording()) {
      return;
    }
    AttributesBuilder attributes =
        Attributes.builder().put(Keys.RECONNECT_ACTION, action.name().toLowerCase(Locale.ROOT));
    describe(cause, attributes);
    decision = attributes.build();
    span.setAllAttributes(decision);
  }

  /** The close code, HTTP status, error type and Retry-After of {@code cause}, as far as known. */
  private static void describe(Outage cause, AttributesBuilder attributes) {
    cause.closeStatus().ifPresent(s -> attributes.put(Keys.OUTAGE_CLOSE_CODE, (long) s.code()));
    cause.httpStatus().ifPresent(s -> attributes.put(Keys.OUTAGE_HTTP_STATUS, (long) s));
    cause.error().ifPresent(e -> attributes.put(Keys.OUTAGE_ERROR_TYPE, e.getClass().getName()));
    cause.retryAfter().ifPresent(d -> attributes.put(Keys.OUTAGE_RETRY_AFTER, d.toNanos() / 1e9));
  }

  /**
   * The reconnect policy said STOP about {@code cause}: the span ends with status ERROR saying so,
   * outcome {@code policy_stop}.
   */
  public void stoppedByPolicy(Outage cause) {
    if (!ended) {
      span.setStatus(StatusCode.ERROR, "the reconnect policy stopped the engine: " + cause);
    }
    finish("policy_stop", attempt);
  }

  /**
   * Attempt {@code attempt} failed (not because of a stop): counted; the error is on its open span.
   */
  public void attemptFailed(int attempt) {
    this.attempt = attempt;
    telemetry.reconnectAttempts.add(1, EngineTelemetry.FAILURE);
  }

  /** Attempt {@code attempt} opened a session: counted, downtime recorded, the span ended. */
  public void reconnected(int attempt) {
    telemetry.reconnectAttempts.add(1, EngineTelemetry.SUCCESS);
    telemetry.reconnectDowntime.record((telemetry.nanoTime() - endedAtNanos) / 1e9);
    finish("reconnected", attempt);
  }

  /**
   * The reconnect policy gave up after {@code attempts} attempts: the span ends with status ERROR;
   * its {@code wsengine.outage.*} attributes (from {@link #decided}) hold the last outage.
   */
  public void gaveUp(int attempts) {
    if (!ended) {
      span.setStatus(
          StatusCode.ERROR, "the reconnect policy gave up after " + attempts + " attempts");
    }
    finish("gave_up", attempts);
  }

  private void finish(String outcome, int attempts) {
    if (ended) {
      return;
    }
    ended = true;
    if (span.isRecording()) {
      span.setAttribute(Keys.RESTART_OUTCOME, outcome);
      span.setAttribute(Keys.ATTEMPT, (long) attempts);
    }
    span.end();
  }

  /** Ends the span if nothing else did: the engine was stopped while reconnecting. */
  @Override
  public void close() {
    finish("stopped", attempt);
  }
}
