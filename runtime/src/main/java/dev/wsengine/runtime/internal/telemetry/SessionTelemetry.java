package dev.wsengine.runtime.internal.telemetry;

import dev.wsengine.Message;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.nio.ByteBuffer;

/**
 * The telemetry of one session: its id as an attribute set made once, and the span context of the
 * open attempt that made it, which the session's later root spans (shutdown, restart) link to.
 * There is no span for the whole session: a span open for as long as a connection would be held in
 * memory (and invisible to exporters) all that time.
 *
 * <p>Spans of what a handler does with its {@code Connection} (send, ping, receive) start here, as
 * children of the current context: inside a callback, its span.
 *
 * <p>Immutable; thread-safe.
 */
public final class SessionTelemetry {
  private final EngineTelemetry telemetry;
  final String id;

  /** {@code wsengine.session.id}. */
  final Attributes attributes;

  /** The {@code wsengine.open} span whose attempt opened this session. */
  final SpanContext openedBy;

  SessionTelemetry(EngineTelemetry telemetry, String id, SpanContext openedBy) {
    this.telemetry = telemetry;
    this.id = id;
    this.attributes = Attributes.of(Keys.SESSION_ID, id);
    this.openedBy = openedBy;
  }

  /**
   * The attributes of every read span of one reader: session and reader id. Made once per reader.
   */
  public Attributes readerAttributes(int readerId) {
    return Attributes.of(Keys.SESSION_ID, id, Keys.READER_ID, (long) readerId);
  }

  /** {@code websocket.write} for a text message. End it with {@link #endWrite}. */
  public Span startWrite(String text) {
    Span span = telemetry.startWrite(this, EngineTelemetry.TEXT);
    if (span.isRecording()) {
      span.setAttribute(Keys.MESSAGE_SIZE, EngineTelemetry.utf8Length(text));
    }
    return span;
  }

  /** {@code websocket.write} for a binary message of the remaining bytes of {@code data}. */
  public Span startWrite(ByteBuffer data) {
    Span span = telemetry.startWrite(this, EngineTelemetry.BINARY);
    if (span.isRecording()) {
      span.setAttribute(Keys.MESSAGE_SIZE, (long) data.remaining());
    }
    return span;
  }

  /** Ends a write span; a message sent without {@code failure} counts as sent. */
  public void endWrite(Span span, boolean text, Throwable failure) {
    if (failure == null) {
      telemetry.messagesSent.add(1, text ? EngineTelemetry.TEXT : EngineTelemetry.BINARY);
    }
    telemetry.end(span, failure);
  }

  /** The session's outbound queue grew ({@code delta > 0}) or shrank. */
  public void sendQueueDepthChanged(int delta) {
    if (delta != 0) {
      telemetry.sendQueueDepth.add(delta);
    }
  }

  /** A message was not written within the send timeout. */
  public void sendTimedOut() {
    telemetry.sendTimeouts.add(1);
  }

  /** {@code websocket.ping}. End it with {@link #end}. */
  public Span startPing() {
    return telemetry.startPing(this);
  }

  /**
   * {@code websocket.read} for {@code connection.receive(timeout)} while paused: a child of the
   * current context, spanning the wait, since the caller asked for it and bounds it.
   */
  public Span startReceive() {
    return telemetry.startReceive(this);
  }

  /**
   * Ends a receive span: with the message's type and size if one came ({@code message} may be
   * null).
   */
  public void endReceive(Span span, Message message, Throwable failure) {
    if (message != null) {
      telemetry.received(span, message);
    }
    telemetry.end(span, failure);
  }

  /** Records {@code failure} (if not null) on {@code span} with status ERROR, and ends it. */
  public void end(Span span, Throwable failure) {
    telemetry.end(span, failure);
  }

  /** {@code wsengine.request}, a child of the current context; see {@link EngineTelemetry}. */
  public Span startRequest(String requestId) {
    return telemetry.startRequest(this, requestId);
  }
}
