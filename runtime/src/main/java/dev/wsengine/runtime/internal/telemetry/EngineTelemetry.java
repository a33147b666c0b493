package dev.wsengine.runtime.internal.telemetry;

import com.google.errorprone.annotations.MustBeClosed;
import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.internal.Redaction;
import dev.wsengine.spi.ConnectOptions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The engine's spans and metrics, so the engine itself only says <em>when</em> (a hook per step)
 * and this class says <em>what</em>: names, kinds, parents, attributes, instruments. {@code
 * docs/tracing.md} is the contract for every name here.
 *
 * <p>Parents: spans of public calls and of the engine's own steps are children of {@link
 * Context#current()} unless a method says otherwise; the engine makes the right span current (or
 * hands a {@link Context} to another thread) before calling. Every callback span is made current
 * around the callback ({@link #activate}), so the handler's own spans nest under it.
 *
 * <p>Cost: every span method first asks {@link Tracer#isEnabled()}; with the no-op API (no SDK) it
 * is false, the method returns {@link Span#getInvalid()} and builds nothing, and {@link #activate}
 * then returns {@link Scope#noop()} without touching the context. Per-message attributes are built
 * only for a span that {@linkplain Span#isRecording() records}; attribute sets per message type and
 * per callback are made once. The no-op metric instruments ignore what they get, and the UTF-8 size
 * of a text message is only counted when something uses it.
 *
 * <p>Secrets: header values are never recorded, and the URI only in its redacted form ({@code
 * url.full}). Exception text (messages, stack traces) passes through the shared {@link
 * Redaction.Scrubber} first.
 *
 * <p>Thread-safe and immutable: one per engine, used from every engine thread and from the threads
 * that send on a connection.
 */
public final class EngineTelemetry {
  /** The instrumentation scope of every tracer and meter the engine uses. */
  public static final String INSTRUMENTATION_SCOPE = "dev.wsengine.runtime";

  static final String START = "wsengine.start";
  static final String STOP = "wsengine.stop";
  static final String OPEN = "wsengine.open";
  static final String RESTART = "wsengine.restart";
  static final String SHUTDOWN = "wsengine.shutdown";
  static final String CONNECT = "websocket.connect";
  static final String READ = "websocket.read";
  static final String WRITE = "websocket.write";
  static final String PING = "websocket.ping";
  static final String CLOSE = "websocket.close";
  static final String REQUEST = "wsengine.request";
  static final String REPLY = "wsengine.request.reply";

  /** Event on a read span whose message was dropped because its session was ending. */
  static final String DISCARDED_EVENT = "wsengine.message.discarded";

  /** Event on a restart span before each attempt, with the delay waited first. */
  static final String BACKOFF_EVENT = "wsengine.backoff";

  static final Attributes TEXT = Attributes.of(Keys.MESSAGE_TYPE, "text");
  static final Attributes BINARY = Attributes.of(Keys.MESSAGE_TYPE, "binary");
  static final Attributes SUCCESS = Attributes.of(Keys.OUTCOME, "success");
  static final Attributes FAILURE = Attributes.of(Keys.OUTCOME, "failure");

  /**
   * Callback durations, in seconds: from a tenth of a millisecond (most callbacks) to a minute (a
   * handler that blocks). The SDK's default buckets are made for milliseconds.
   */
  static final List<Double> CALLBACK_BUCKETS =
      List.of(
          0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
          30.0, 60.0);

  /** Downtime between sessions, in seconds: a quick reconnect to a long outage. */
  static final List<Double> DOWNTIME_BUCKETS =
      List.of(0.01, 0.05, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0);

  private static final TextMapSetter<ConnectOptions.Builder> HEADER_SETTER =
      (builder, name, value) -> {
        if (builder != null) {
          builder.header(name, value);
        }
      };

  private final Tracer tracer;
  private final URI uri;

  /** The header values of the engine's connect options: secrets in every attempt. */
  private final Map<String, List<String>> headers;

  /**
   * Scrubs the secrets of the engine's connect options and of the latest attempt's, as a handshake
   * hook set them ({@link #attemptSecrets}). Replaced by the opener's thread, read by any.
   */
  private volatile Redaction.Scrubber redactor;

  private final boolean propagateTraceContext;
  private final LongSupplier clock;

  /** {@code url.full}, {@code server.address}, {@code server.port} of the connect span. */
  private final Attributes server;

  final LongCounter messagesReceived;
  final LongCounter bytesReceived;
  final LongCounter messagesSent;
  final LongCounter reconnectAttempts;
  final LongCounter callbackErrors;
  final DoubleHistogram callbackDuration;
  final DoubleHistogram reconnectDowntime;
  final LongUpDownCounter connectionsOpen;
  final LongUpDownCounter sendQueueDepth;
  final LongCounter sendTimeouts;
  final DoubleHistogram requestDuration;
  final LongCounter requests;

  /**
   * @param uri where the engine connects; only its redacted form and host and port are recorded
   * @param redactedUri {@code uri} with user info and query values redacted
   * @param options the connect options, whose secret header values are scrubbed from exception text
   * @param propagateTraceContext whether to send {@code traceparent} with the handshake
   * @param clock the engine's clock, in nanoseconds, by which reconnect downtime is measured
   */
  public EngineTelemetry(
      OpenTelemetry openTelemetry,
      URI uri,
      String redactedUri,
      ConnectOptions options,
      boolean propagateTraceContext,
      LongSupplier clock) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    this.uri = uri;
    this.headers = options.headers();
    this.redactor = Redaction.scrubber(uri, headers);
    this.propagateTraceContext = propagateTraceContext;
    this.clock = clock;
    this.server =
        Attributes.of(
            Keys.URL_FULL,
            redactedUri,
            Keys.SERVER_ADDRESS,
            uri.getHost(),
            Keys.SERVER_PORT,
            (long) port(uri));

    Meter meter = openTelemetry.getMeter(INSTRUMENTATION_SCOPE);
    this.messagesReceived =
        meter
            .counterBuilder("wsengine.messages.received")
            .setUnit("{message}")
            .setDescription("Messages read from the server, by websocket.message.type.")
            .build();
    this.bytesReceived =
        meter
            .counterBuilder("wsengine.bytes.received")
            .setUnit("By")
            .setDescription("Payload bytes of the messages read (UTF-8 bytes for text).")
            .build();
    this.messagesSent =
        meter
            .counterBuilder("wsengine.messages.sent")
            .setUnit("{message}")
            .setDescription("Messages sent to the server, by websocket.message.type.")
            .build();
    this.reconnectAttempts =
        meter
            .counterBuilder("wsengine.reconnect.attempts")
            .setUnit("{attempt}")
            .setDescription(
                "Reconnect attempts that ended, by wsengine.outcome (success, failure).")
            .build();
    this.callbackErrors =
        meter
            .counterBuilder("wsengine.callback.errors")
            .setUnit("{error}")
            .setDescription("Exceptions thrown by handler callbacks, by wsengine.callback.")
            .build();
    this.callbackDuration =
        meter
            .histogramBuilder("wsengine.callback.duration")
            .setUnit("s")
            .setDescription("How long handler callbacks ran, by wsengine.callback.")
            .setExplicitBucketBoundariesAdvice(CALLBACK_BUCKETS)
            .build();
    this.reconnectDowntime =
        meter
            .histogramBuilder("wsengine.reconnect.downtime")
            .setUnit("s")
            .setDescription("From the end of a session to the next session's @OnOpen returning.")
            .setExplicitBucketBoundariesAdvice(DOWNTIME_BUCKETS)
            .build();
    this.connectionsOpen =
        meter
            .upDownCounterBuilder("wsengine.connections.open")
            .setUnit("{connection}")
            .setDescription("Sessions open: from @OnOpen returning until the connection is closed.")
            .build();
    this.sendQueueDepth =
        meter
            .upDownCounterBuilder("wsengine.send.queue.depth")
            .setUnit("{message}")
            .setDescription("Messages in the outbound send queues: waiting or being written.")
            .build();
    this.sendTimeouts =
        meter
            .counterBuilder("wsengine.send.timeouts")
            .setUnit("{message}")
            .setDescription("Messages not written within the send timeout.")
            .build();
    this.requestDuration =
        meter
            .histogramBuilder("wsengine.request.duration")
            .setUnit("s")
            .setDescription(
                "From request() to its reply, timeout or failure, by wsengine.request.outcome.")
            .setExplicitBucketBoundariesAdvice(CALLBACK_BUCKETS)
            .build();
    this.requests =
        meter
            .counterBuilder("wsengine.requests")
            .setUnit("{request}")
            .setDescription(
                "Requests that ended, by wsengine.request.outcome (ok, timeout, closed, error).")
            .build();
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  // ---------------------------------------------------------------------------------------------
  // Making spans current

  /**
   * Makes {@code span} current until the scope is closed; for a span that is not valid (the no-op
   * API) leaves the context as it is and allocates nothing.
   */
  @MustBeClosed
  public static Scope activate(Span span) {
    return span.getSpanContext().isValid() ? span.makeCurrent() : Scope.noop();
  }

  /**
   * Makes {@code context} current until the scope is closed (for work handed to another thread).
   */
  @MustBeClosed
  public static Scope activate(Context context) {
    return context == Context.current() ? Scope.noop() : context.makeCurrent();
  }

  // ---------------------------------------------------------------------------------------------
  // Public calls

  /** {@code wsengine.start}, a child of the current context, on the thread calling start(). */
  public Span startStart() {
    return internal(START);
  }

  /** {@code wsengine.stop}, a child of the current context, on the thread calling stop(). */
  public Span startStop() {
    return internal(STOP);
  }

  private Span internal(String name) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL).startSpan();
  }

  /** Records {@code failure} (if not null) on {@code span} with status ERROR, and ends it. */
  public void end(Span span, Throwable failure) {
    if (failure != null) {
      fail(span, failure);
    }
    span.end();
  }

  /**
   * Records {@code failure} as an exception event and sets status ERROR. The exception text goes
   * through the redactor; when it holds no secret the SDK's own {@link Span#recordException} writes
   * the event.
   */
  void fail(Span span, Throwable failure) {
    if (!span.isRecording()) {
      return;
    }
    String message = failure.getMessage();
    String scrubbedMessage = redactor.scrub(message);
    StringWriter trace = new StringWriter();
    try (PrintWriter out = new PrintWriter(trace)) {
      failure.printStackTrace(out);
    }
    String stackTrace = trace.toString();
    String scrubbedTrace = redactor.scrub(stackTrace);
    if (scrubbedTrace.equals(stackTrace)) {
      span.recordException(failure);
    } else {
      span.addEvent(
          "exception",
          scrubbedMessage == null
              ? Attributes.of(
                  Keys.EXCEPTION_TYPE,
                  failure.getClass().getName(),
                  Keys.EXCEPTION_STACKTRACE,
                  scrubbedTrace)
              : Attributes.of(
                  Keys.EXCEPTION_TYPE, failure.getClass().getName(),
                  Keys.EXCEPTION_MESSAGE, scrubbedMessage,
                  Keys.EXCEPTION_STACKTRACE, scrubbedTrace));
    }
    span.setStatus(
        StatusCode.ERROR,
        scrubbedMessage == null
            ? failure.getClass().getName()
            : failure.getClass().getName() + ": " + scrubbedMessage);
  }

  // ---------------------------------------------------------------------------------------------
  // Opening a session

  /**
   * {@code wsengine.open}, one per open attempt (the first, and each reconnect), a child of {@code
   * parent}: the start span, or the restart span.
   */
  public Span startOpen(Context parent, boolean restarting, int attempt) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer
        .spanBuilder(OPEN)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(Keys.RESTARTING, restarting)
        .setAttribute(Keys.ATTEMPT, (long) attempt)
        .startSpan();
  }

  /**
   * Ends an open span: with status ERROR and the error if the attempt failed. An attempt cut short
   * by stop() is not an error of the open; its error, if any, stays on the span it happened in (the
   * dial's, or {@code @OnOpen}'s).
   */
  public void endOpen(Span open, Throwable error, boolean stopped) {
    end(open, stopped ? null : error);
  }

  /** A session has become current: its {@code @OnOpen} returned. */
  public void connectionOpened() {
    connectionsOpen.add(1);
  }

  /** A session's connection was closed at the end of its shutdown. */
  public void connectionClosed() {
    connectionsOpen.add(-1);
  }

  /**
   * {@code websocket.connect}: dial and handshake, a child of the current context (the open span).
   */
  public Span startConnect() {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer
        .spanBuilder(CONNECT)
        .setSpanKind(SpanKind.CLIENT)
        .setAllAttributes(server)
        .startSpan();
  }

  /**
   * The options to dial with: {@code options} as they are, or, with trace propagation on, with a
   * W3C {@code traceparent} (and {@code tracestate}) header naming {@code connect}, the span of the
   * handshake request, so the server's span continues the trace as a child of it. A {@code
   * traceparent} the user set in the options is left alone.
   */
  public ConnectOptions withTraceContext(ConnectOptions options, Span connect) {
    if (!propagateTraceContext
        || !connect.getSpanContext().isValid()
        || options.headers().keySet().stream().anyMatch(n -> n.equalsIgnoreCase("traceparent"))) {
      return options; // off, or the user's own traceparent goes as it is
    }
    ConnectOptions.Builder builder = options.toBuilder();
    W3CTraceContextPropagator.getInstance()
        .inject(Context.root().with(connect), builder, HEADER_SETTER);
    return builder.build();
  }

  /**
   * From now on, also scrubs the header values of {@code attempt}, the options a handshake hook
   * made for one attempt, out of exception text; those of earlier attempts are forgotten (an engine
   * that reconnects for months must not collect every token it ever sent). Called by the opener
   * before it dials.
   */
  public void attemptSecrets(ConnectOptions attempt) {
    Map<String, List<String>> both = new LinkedHashMap<>(headers);
    attempt
        .headers()
        .forEach(
            (name, values) ->
                both.merge(
                    name,
                    values,
                    (a, b) -> {
                      List<String> all = new ArrayList<>(a);
                      all.addAll(b);
                      return all;
                    }));
    redactor = Redaction.scrubber(uri, both);
  }

  /**
   * The telemetry of a session whose connection {@code open} made: its id goes on the open span,
   * and the open span is what later spans of the session link to.
   */
  public SessionTelemetry session(UUID id, Span open) {
    String sessionId = id.toString();
    if (open.isRecording()) {
      open.setAttribute(Keys.SESSION_ID, sessionId);
    }
    return new SessionTelemetry(this, sessionId, open.getSpanContext());
  }

  // ---------------------------------------------------------------------------------------------
  // Callbacks

  /**
   * {@code wsengine.callback.*}, a child of the current context. Make it current with {@link
   * #activate}.
   */
  public Span startCallback(TracedCallback callback) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder(callback.spanName).setSpanKind(SpanKind.INTERNAL).startSpan();
  }

  /**
   * Ends a callback span, recording what the callback threw ({@code failure}, or null), and records
   * its duration from {@code startedNanos} ({@link System#nanoTime()}).
   */
  public void endCallback(
      TracedCallback callback, Span span, long startedNanos, Throwable failure) {
    callbackDuration.record((System.nanoTime() - startedNanos) / 1e9, callback.attributes);
    if (failure != null) {
      callbackErrors.add(1, callback.attributes);
    }
    end(span, failure);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * {@code websocket.read} for a message a reader has just read: the root of the message's trace,
   * started only once the message is there (a reader blocked on a silent connection holds no span).
   * Counts the message. The caller makes it current while the message is processed and ends it
   * after.
   *
   * @param reader the session and reader attributes, from {@link SessionTelemetry#readerAttributes}
   */
  public Span startRead(Attributes reader, Message message) {
    boolean text = message.isText();
    messagesReceived.add(1, text ? TEXT : BINARY);
    Span span = Span.getInvalid();
    if (tracer.isEnabled()) {
      span =
          tracer
              .spanBuilder(READ)
              .setNoParent()
              .setSpanKind(SpanKind.CONSUMER)
              .setAllAttributes(reader)
              .setAllAttributes(text ? TEXT : BINARY)
              .startSpan();
    }
    boolean recording = span.isRecording();
    if (recording || bytesReceived.isEnabled()) {
      long size = size(message);
      bytesReceived.add(size);
      if (recording) {
        span.setAttribute(Keys.MESSAGE_SIZE, size);
      }
    }
    return span;
  }

  /**
   * {@code websocket.read} for a read that failed without closing the connection: a root, status
   * ERROR.
   */
  public Span startReadFailure(Attributes reader, Throwable failure) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    Span span =
        tracer
            .spanBuilder(READ)
            .setNoParent()
            .setSpanKind(SpanKind.CONSUMER)
            .setAllAttributes(reader)
            .startSpan();
    fail(span, failure);
    return span;
  }

  /** Marks a read span whose message is dropped, unprocessed, because its session is ending. */
  public void discarded(Span read) {
    if (read.isRecording()) {
      read.addEvent(DISCARDED_EVENT);
    }
  }

  /** The payload size in bytes: UTF-8 bytes for text, without encoding it. */
  static long size(Message message) {
    return message.isText() ? utf8Length(message.text()) : message.size();
  }

  /** How many bytes {@code text} takes in UTF-8, as {@link String#getBytes} would encode it. */
  static long utf8Length(String text) {
    long bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes++; // a lone surrogate cannot be encoded; getBytes writes '?'
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  // ---------------------------------------------------------------------------------------------
  // Ending a session

  /**
   * {@code wsengine.shutdown}, on the supervisor as a session ends. A child of {@code stoppedBy},
   * the context of the stop() or exit() call that ended it, if it has a span; otherwise a root.
   * Either way it links to the session's open span.
   *
   * @param end why the session ended: {@code LOST}, {@code RESTART} or {@code EXIT}
   * @param received the server's close status if it closed the connection, else null
   */
  public Span startShutdown(
      SessionTelemetry session, String end, CloseStatus received, Context stoppedBy) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    SpanBuilder builder = tracer.spanBuilder(SHUTDOWN).setSpanKind(SpanKind.INTERNAL);
    if (stoppedBy != null && Span.fromContext(stoppedBy).getSpanContext().isValid()) {
      builder.setParent(stoppedBy);
    } else {
      builder.setNoParent();
    }
    builder
        .addLink(session.openedBy)
        .setAllAttributes(session.attributes)
        .setAttribute(Keys.SESSION_END, end.toLowerCase(Locale.ROOT));
    if (received != null) {
      builder.setAttribute(Keys.CLOSE_CODE, (long) received.code());
      builder.setAttribute(Keys.CLOSE_REASON, received.reason());
    }
    return builder.startSpan();
  }

  /**
   * {@code websocket.close}: the close frame with {@code status}, a child of the current context.
   */
  public Span startClose(CloseStatus status) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer
        .spanBuilder(CLOSE)
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(Keys.CLOSE_CODE, (long) status.code())
        .setAttribute(Keys.CLOSE_REASON, status.reason())
        .startSpan();
  }

  // ---------------------------------------------------------------------------------------------
  // Reconnecting

  /**
   * {@code wsengine.restart}: a root for one outage, linked to the open span of the session that
   * ended, current on the supervisor until the returned trace is closed.
   *
   * @param endedAtNanos when the supervisor saw the session end, by the engine's clock
   */
  @MustBeClosed
  public RestartTrace startRestart(SessionTelemetry lost, long endedAtNanos) {
    Span span = Span.getInvalid();
    if (tracer.isEnabled()) {
      span =
          tracer
              .spanBuilder(RESTART)
              .setNoParent()
              .setSpanKind(SpanKind.INTERNAL)
              .addLink(lost.openedBy)
              .startSpan();
    }
    return new RestartTrace(this, span, endedAtNanos);
  }

  long nanoTime() {
    return clock.getAsLong();
  }

  // ---------------------------------------------------------------------------------------------
  // Requests (docs/requests.md)

  /** The {@code wsengine.request.outcome} of a request that ended. */
  public enum RequestOutcome {
    OK,
    TIMEOUT,
    CLOSED,
    ERROR;

    @SuppressWarnings("ImmutableEnumChecker") // Attributes are immutable, not annotated so
    final Attributes attributes =
        Attributes.of(Keys.REQUEST_OUTCOME, name().toLowerCase(Locale.ROOT));
  }

  /**
   * {@code wsengine.request}, a child of the current context (the caller of {@code request()}),
   * from the call until the request ends.
   */
  Span startRequest(SessionTelemetry session, String id) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer
        .spanBuilder(REQUEST)
        .setSpanKind(SpanKind.CLIENT)
        .setAllAttributes(session.attributes)
        .setAttribute(Keys.REQUEST_ID, id)
        .startSpan();
  }

  /**
   * Ends a request span ({@code failure} recorded, status ERROR, unless it is null) and records the
   * request's duration from {@code startedNanos} ({@link System#nanoTime()}) and its outcome.
   */
  public void endRequest(Span span, long startedNanos, RequestOutcome outcome, Throwable failure) {
    requestDuration.record((System.nanoTime() - startedNanos) / 1e9, outcome.attributes);
    requests.add(1, outcome.attributes);
    end(span, failure);
  }

  /**
   * {@code wsengine.request.reply}: the reply's processing (decoding it, completing the request's
   * future, and what runs on that), a child of the request span, so in the request's trace, and
   * linked to {@code read}, the {@code websocket.read} span of the reply (a trace root, as every
   * read). Make it current with {@link #activate} and end it after.
   */
  public Span startReply(Span request, Span read) {
    if (!tracer.isEnabled() || !request.getSpanContext().isValid()) {
      return Span.getInvalid();
    }
    SpanBuilder builder =
        tracer
            .spanBuilder(REPLY)
            .setParent(Context.root().with(request))
            .setSpanKind(SpanKind.INTERNAL);
    if (read.getSpanContext().isValid()) {
      builder.addLink(read.getSpanContext());
    }
    return builder.startSpan();
  }

  // ---------------------------------------------------------------------------------------------
  // Sending, pinging, receiving: through SessionTelemetry

  Span startWrite(SessionTelemetry session, Attributes type) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer
        .spanBuilder(WRITE)
        .setSpanKind(SpanKind.PRODUCER)
        .setAllAttributes(session.attributes)
        .setAllAttributes(type)
        .startSpan();
  }

  Span startPing(SessionTelemetry session) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer
        .spanBuilder(PING)
        .setSpanKind(SpanKind.CLIENT)
        .setAllAttributes(session.attributes)
        .startSpan();
  }

  Span startReceive(SessionTelemetry session) {
    if (!tracer.isEnabled()) {
      return Span.getInvalid();
    }
    return tracer
        .spanBuilder(READ)
        .setSpanKind(SpanKind.CONSUMER)
        .setAllAttributes(session.attributes)
        .startSpan();
  }

  void received(Span span, Message message) {
    boolean text = message.isText();
    messagesReceived.add(1, text ? TEXT : BINARY);
    boolean recording = span.isRecording();
    if (recording || bytesReceived.isEnabled()) {
      long size = size(message);
      bytesReceived.add(size);
      if (recording) {
        span.setAllAttributes(text ? TEXT : BINARY);
        span.setAttribute(Keys.MESSAGE_SIZE, size);
      }
    }
  }
}
