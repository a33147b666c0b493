package dev.wsengine.runtime.internal.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;

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

  RestartTrace(EngineTelemetry telemetry, Span span, long endedAtNanos) {
    this.telemetry = telemetry;
    this.span = span;
    this.endedAtNanos = endedAtNanos;
  }

  /** The context to open attempts and run {@code @OnRestartError} in: the restart span's. */
  public Context context() {
    return span.getSpanContext().isValid() ? Context.root().with(span) : Context.root();
  }

  /** Attempt {@code attempt} comes after {@code delay}: an event, before the wait. */
  public void backoff(int attempt, Duration delay) {
    this.attempt = attempt;
    if (span.isRecording()) {
      span.addEvent(
          EngineTelemetry.BACKOFF_EVENT,
          Attributes.of(Keys.ATTEMPT, (long) attempt, Keys.BACKOFF_DELAY, delay.toNanos() / 1e9));
    }
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
   * The reconnect policy gave up after {@code attempts} attempts: the span ends with status ERROR.
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
