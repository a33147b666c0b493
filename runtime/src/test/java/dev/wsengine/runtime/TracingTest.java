package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.Message;
import dev.wsengine.Pause;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;

/**
 * docs/tracing.md, spans: which the engine makes, how they nest, what they carry, and that none is
 * left open. The SDK's in-memory exporter records them; backoff runs on a {@link VirtualClock} that
 * skips sleeps.
 */
class TracingTest {
  private static final Duration INITIAL = Duration.ofMillis(100);

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final VirtualClock clock = VirtualClock.skippingSleeps();
  private final TelemetryRecorder otel = new TelemetryRecorder();

  @AfterEach
  void nothingLeftRunningAndNoSpanLeftOpen() {
    try {
      Engines.assertNoEngineThreads();
      otel.assertAllEnded();
    } finally {
      otel.close();
    }
  }

  /** One reader (so spans come in arrival order), reconnect at once then after 100 ms, ... */
  private WebSocketEngine.Builder engine(DispatcherMode mode) {
    return Engines.builder(mode, handler, transport)
        .openTelemetry(otel.openTelemetry())
        .clock(clock)
        .reconnect(ReconnectPolicy.exponential(INITIAL, Duration.ofSeconds(10)))
        .readers(1);
  }

  private static void awaitState(WebSocketEngine engine, EngineState state) {
    Await.until(
        () -> engine.state() == state, WAIT, () -> "state " + state + "; engine: " + engine);
  }

  static String string(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  static Long number(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.longKey(key));
  }

  static Boolean flag(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.booleanKey(key));
  }

  private static List<SpanContext> links(SpanData span) {
    return span.getLinks().stream().map(LinkData::getSpanContext).toList();
  }

  private static boolean isRoot(SpanData span) {
    return !span.getParentSpanContext().isValid();
  }

  private static EventData onlyEvent(SpanData span, String name) {
    List<EventData> events =
        span.getEvents().stream().filter(e -> e.getName().equals(name)).toList();
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  // ------------------------------------------------------------------ the whole life of an engine

  @BothDispatchers
  void startTwoMessagesServerCloseRestartAndStopMakeThisSpanTree(DispatcherMode mode)
      throws Exception {
    SessionLog sessions = new SessionLog().track(handler);
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    try {
      InMemoryConnection first = transport.connection(0);
      first.pushText("one").pushText("twö");
      handler.await("text twö", WAIT);
      first.serverClose(CloseStatus.of(1012, "restarting"));
      handler.await("open restart 1", WAIT);
      awaitState(engine, EngineState.RUNNING);
    } finally {
      engine.stop();
    }

    assertThat(otel.tree())
        .containsExactly(
            "wsengine.start INTERNAL",
            "  wsengine.open INTERNAL",
            "    websocket.connect CLIENT",
            "    wsengine.callback.on_open INTERNAL",
            "websocket.read CONSUMER",
            "  wsengine.callback.on_message INTERNAL",
            "websocket.read CONSUMER",
            "  wsengine.callback.on_message INTERNAL",
            "wsengine.shutdown INTERNAL",
            "  wsengine.callback.on_close INTERNAL",
            "  websocket.close CLIENT",
            "wsengine.restart INTERNAL",
            "  wsengine.open INTERNAL",
            "    websocket.connect CLIENT",
            "    wsengine.callback.on_open INTERNAL",
            "wsengine.stop INTERNAL",
            "  wsengine.shutdown INTERNAL",
            "    wsengine.callback.on_close INTERNAL",
            "    websocket.close CLIENT")
        .inOrder();

    String session1 = sessions.opened().get(0).toString();
    String session2 = sessions.opened().get(1).toString();

    // The opens: attempt number, restarting flag, the session each made.
    List<SpanData> opens = otel.spans("wsengine.open");
    SpanData open1 = opens.get(0);
    SpanData open2 = opens.get(1);
    assertThat(flag(open1, "wsengine.restarting")).isFalse();
    assertThat(number(open1, "wsengine.attempt")).isEqualTo(0);
    assertThat(string(open1, "wsengine.session.id")).isEqualTo(session1);
    assertThat(flag(open2, "wsengine.restarting")).isTrue();
    assertThat(number(open2, "wsengine.attempt")).isEqualTo(1);
    assertThat(string(open2, "wsengine.session.id")).isEqualTo(session2);

    // The dial: where to, redacted (nothing to redact here).
    for (SpanData connect : otel.spans("websocket.connect")) {
      assertThat(string(connect, "url.full")).isEqualTo("ws://127.0.0.1:9/test");
      assertThat(string(connect, "server.address")).isEqualTo("127.0.0.1");
      assertThat(number(connect, "server.port")).isEqualTo(9);
    }

    // One trace per message, with the session, reader, type and UTF-8 size.
    List<SpanData> reads = otel.spans("websocket.read");
    assertThat(reads.get(0).getTraceId()).isNotEqualTo(reads.get(1).getTraceId());
    assertThat(string(reads.get(0), "websocket.message.type")).isEqualTo("text");
    assertThat(number(reads.get(0), "websocket.message.size")).isEqualTo(3);
    assertThat(number(reads.get(1), "websocket.message.size")).isEqualTo(4); // ö is 2 bytes
    for (SpanData read : reads) {
      assertThat(string(read, "wsengine.session.id")).isEqualTo(session1);
      assertThat(number(read, "wsengine.reader.id")).isEqualTo(1);
      assertThat(read.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    // The server's close: a root linked to the session's open, with the server's status.
    List<SpanData> shutdowns = otel.spans("wsengine.shutdown");
    SpanData lost = shutdowns.get(0);
    assertThat(isRoot(lost)).isTrue();
    assertThat(links(lost)).containsExactly(open1.getSpanContext());
    assertThat(string(lost, "wsengine.session.id")).isEqualTo(session1);
    assertThat(string(lost, "wsengine.session.end")).isEqualTo("lost");
    assertThat(number(lost, "websocket.close.code")).isEqualTo(1012);
    assertThat(string(lost, "websocket.close.reason")).isEqualTo("restarting");
    SpanData close1 = otel.children(lost).get(1);
    assertThat(number(close1, "websocket.close.code")).isEqualTo(1001);
    assertThat(string(close1, "websocket.close.reason")).isEmpty();

    // The outage: a root linked to the open of the session that ended, one backoff event per
    // attempt.
    SpanData restart = otel.span("wsengine.restart");
    assertThat(isRoot(restart)).isTrue();
    assertThat(links(restart)).containsExactly(open1.getSpanContext());
    assertThat(string(restart, "wsengine.restart.outcome")).isEqualTo("reconnected");
    assertThat(number(restart, "wsengine.attempt")).isEqualTo(1);
    EventData backoff = onlyEvent(restart, "wsengine.backoff");
    assertThat(backoff.getAttributes().get(AttributeKey.longKey("wsengine.attempt"))).isEqualTo(1);
    assertThat(backoff.getAttributes().get(AttributeKey.doubleKey("wsengine.backoff.delay")))
        .isEqualTo(0.0);

    // stop(): the shutdown it causes is its child, linked to the second session's open.
    SpanData stop = otel.span("wsengine.stop");
    SpanData stopped = shutdowns.get(1);
    assertThat(stopped.getParentSpanId()).isEqualTo(stop.getSpanId());
    assertThat(links(stopped)).containsExactly(open2.getSpanContext());
    assertThat(string(stopped, "wsengine.session.id")).isEqualTo(session2);
    assertThat(string(stopped, "wsengine.session.end")).isEqualTo("exit");
    assertThat(number(stopped, "websocket.close.code")).isNull(); // nothing received: we closed

    // Nothing failed.
    for (SpanData span : otel.spans()) {
      assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }
  }

  // ------------------------------------------------------------------ handler code in the trace

  @BothDispatchers
  void handlerSpansAndRepliesNestUnderTheCallbackThatMadeThem(DispatcherMode mode)
      throws Exception {
    AtomicReference<SpanContext> currentInOnMessage = new AtomicReference<>();
    handler.onOpen((info, c, control) -> otel.tracer().spanBuilder("user.open").startSpan().end());
    handler.onText(
        (text, c, control) -> {
          currentInOnMessage.set(Span.current().getSpanContext());
          Span work = otel.tracer().spanBuilder("user.work").startSpan();
          try (Scope ignored = work.makeCurrent()) {
            c.sendText("working on " + text); // nests under the user's span
          } finally {
            work.end();
          }
          return "done " + text; // the reply: sent by the dispatcher, inside @OnMessage
        });
    handler.onClose(
        (status, c, control) -> otel.tracer().spanBuilder("user.close").startSpan().end());
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    try {
      transport.connection(0).pushText("hi");
      transport.connection(0).awaitSent(2, WAIT);
    } finally {
      engine.stop();
    }

    SpanData onMessage = otel.span("wsengine.callback.on_message");
    assertThat(currentInOnMessage.get()).isEqualTo(onMessage.getSpanContext());
    assertThat(otel.children(otel.span("websocket.read")).stream().map(SpanData::getName).toList())
        .containsExactly("wsengine.callback.on_message");
    assertThat(otel.children(onMessage).stream().map(s -> s.getName() + " " + s.getKind()).toList())
        .containsExactly("user.work INTERNAL", "websocket.write PRODUCER")
        .inOrder();

    SpanData work = otel.span("user.work");
    SpanData send = otel.children(work).get(0);
    assertThat(send.getName()).isEqualTo("websocket.write");
    assertThat(number(send, "websocket.message.size")).isEqualTo("working on hi".length());

    SpanData reply = otel.children(onMessage).get(1);
    assertThat(string(reply, "websocket.message.type")).isEqualTo("text");
    assertThat(number(reply, "websocket.message.size")).isEqualTo("done hi".length());
    assertThat(string(reply, "wsengine.session.id"))
        .isEqualTo(string(otel.span("websocket.read"), "wsengine.session.id"));

    assertThat(otel.span("user.open").getParentSpanId())
        .isEqualTo(otel.span("wsengine.callback.on_open").getSpanId());
    assertThat(otel.span("user.close").getParentSpanId())
        .isEqualTo(otel.span("wsengine.callback.on_close").getSpanId());
  }

  @BothDispatchers
  void readErrorIsAnErrorReadWhoseChildIsOnReadError(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    try {
      transport.connection(0).pushReadError(new IOException("bad frame"));
      handler.await("read error IOException: bad frame", WAIT);
    } finally {
      engine.stop();
    }

    SpanData read = otel.span("websocket.read");
    assertThat(isRoot(read)).isTrue();
    assertThat(read.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(read.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    EventData exception = onlyEvent(read, "exception");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.io.IOException");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("bad frame");
    assertThat(number(read, "wsengine.reader.id")).isEqualTo(1);
    assertThat(otel.children(read).stream().map(SpanData::getName).toList())
        .containsExactly("wsengine.callback.on_read_error");
    // The callback itself did not fail.
    assertThat(otel.span("wsengine.callback.on_read_error").getStatus().getStatusCode())
        .isEqualTo(StatusCode.UNSET);
  }

  @BothDispatchers
  void onMessageExceptionIsOnItsSpanAndOnReadErrorIsItsSibling(DispatcherMode mode)
      throws Exception {
    handler.onText(
        (text, c, control) -> {
          throw new IllegalStateException("cannot " + text);
        });
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    try {
      transport.connection(0).pushText("parse");
      handler.await("read error IllegalStateException: cannot parse", WAIT);
    } finally {
      engine.stop();
    }

    SpanData read = otel.span("websocket.read");
    assertThat(read.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET); // the read worked
    assertThat(otel.children(read).stream().map(SpanData::getName).toList())
        .containsExactly("wsengine.callback.on_message", "wsengine.callback.on_read_error")
        .inOrder();
    SpanData onMessage = otel.span("wsengine.callback.on_message");
    assertThat(onMessage.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(
            onlyEvent(onMessage, "exception")
                .getAttributes()
                .get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("cannot parse");
  }

  @BothDispatchers
  void exitFromOnMessageTracesTheShutdownUnderThatCallback(DispatcherMode mode) throws Exception {
    handler.onText(
        (text, c, control) -> {
          control.exit();
          return null;
        });
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    transport.connection(0).pushText("bye");
    assertThat(engine.awaitTermination(WAIT)).isTrue();

    SpanData shutdown = otel.span("wsengine.shutdown");
    assertThat(shutdown.getParentSpanId())
        .isEqualTo(otel.span("wsengine.callback.on_message").getSpanId());
    assertThat(string(shutdown, "wsengine.session.end")).isEqualTo("exit");
  }

  @BothDispatchers
  void restartCallMakesARootShutdownAndARestartBothLinkedToTheOpen(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    try {
      transport.connection(0).awaitReaderBlocked(WAIT);
      engine.restart();
      handler.await("open restart 1", WAIT);
      awaitState(engine, EngineState.RUNNING);
    } finally {
      engine.stop();
    }

    SpanContext open1 = otel.spans("wsengine.open").get(0).getSpanContext();
    SpanData shutdown = otel.spans("wsengine.shutdown").get(0);
    assertThat(isRoot(shutdown)).isTrue();
    assertThat(string(shutdown, "wsengine.session.end")).isEqualTo("restart");
    assertThat(links(shutdown)).containsExactly(open1);
    assertThat(links(otel.span("wsengine.restart"))).containsExactly(open1);
  }

  // ------------------------------------------------------------------ failures

  @BothDispatchers
  void failedStartIsAnErrorOnStartOpenAndConnect(DispatcherMode mode) {
    transport.failDial(new IOException("connection refused"));
    WebSocketEngine engine = engine(mode).build();

    assertThrows(EngineStartException.class, engine::start);

    assertThat(otel.tree())
        .containsExactly(
            "wsengine.start INTERNAL", "  wsengine.open INTERNAL", "    websocket.connect CLIENT")
        .inOrder();
    SpanData start = otel.span("wsengine.start");
    assertThat(start.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(
            onlyEvent(start, "exception")
                .getAttributes()
                .get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(EngineStartException.class.getName());
    assertThat(otel.span("wsengine.open").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    SpanData connect = otel.span("websocket.connect");
    assertThat(connect.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(
            onlyEvent(connect, "exception")
                .getAttributes()
                .get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("connection refused");
  }

  @BothDispatchers
  void failedReconnectAttemptsAreErrorsUnderTheRestartWhichEndsWhenThePolicyGivesUp(
      DispatcherMode mode) throws Exception {
    transport.accept().failDial(new IOException("down")).refuse(503);
    WebSocketEngine engine =
        engine(mode)
            .reconnect(
                ReconnectPolicy.exponential(INITIAL, Duration.ofSeconds(10)).withMaxAttempts(2))
            .build();
    engine.start();
    transport.connection(0).dropLink();
    assertThat(engine.awaitTermination(WAIT)).isTrue();

    assertThat(otel.tree())
        .containsExactly(
            "wsengine.start INTERNAL",
            "  wsengine.open INTERNAL",
            "    websocket.connect CLIENT",
            "    wsengine.callback.on_open INTERNAL",
            "wsengine.shutdown INTERNAL",
            "  wsengine.callback.on_close INTERNAL",
            "  websocket.close CLIENT",
            "wsengine.restart INTERNAL",
            "  wsengine.open INTERNAL",
            "    websocket.connect CLIENT",
            "  wsengine.callback.on_restart_error INTERNAL",
            "  wsengine.open INTERNAL",
            "    websocket.connect CLIENT",
            "  wsengine.callback.on_restart_error INTERNAL")
        .inOrder();
    SpanData restart = otel.span("wsengine.restart");
    assertThat(restart.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(restart.getStatus().getDescription())
        .isEqualTo("the reconnect policy gave up after 2 attempts");
    assertThat(string(restart, "wsengine.restart.outcome")).isEqualTo("gave_up");
    assertThat(number(restart, "wsengine.attempt")).isEqualTo(2);
    List<EventData> backoffs = restart.getEvents();
    assertThat(
            backoffs.stream()
                .map(e -> e.getAttributes().get(AttributeKey.doubleKey("wsengine.backoff.delay")))
                .toList())
        .containsExactly(0.0, 0.1)
        .inOrder();
    List<SpanData> attempts = otel.spans("wsengine.open").subList(1, 3);
    assertThat(attempts.stream().map(s -> number(s, "wsengine.attempt")).toList())
        .containsExactly(1L, 2L)
        .inOrder();
    for (SpanData attempt : attempts) {
      assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(flag(attempt, "wsengine.restarting")).isTrue();
    }
  }

  @BothDispatchers
  void onCloseFailureIsOnItsSpanAndOnCloseErrorIsUnderTheShutdown(DispatcherMode mode)
      throws Exception {
    handler.onClose(
        (status, c, control) -> {
          throw new IllegalStateException("no");
        });
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    engine.stop();

    SpanData shutdown = otel.span("wsengine.shutdown");
    assertThat(otel.children(shutdown).stream().map(SpanData::getName).toList())
        .containsExactly(
            "wsengine.callback.on_close", "wsengine.callback.on_close_error", "websocket.close")
        .inOrder();
    assertThat(otel.span("wsengine.callback.on_close").getStatus().getStatusCode())
        .isEqualTo(StatusCode.ERROR);
  }

  // ------------------------------------------------------------------ what the user drives

  @BothDispatchers
  void receiveWhilePausedAndPingAreChildrenOfTheCallersSpan(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    try {
      InMemoryConnection fake = transport.connection(0);
      fake.awaitReaderBlocked(WAIT);
      Connection connection = engine.connection().orElseThrow();
      Span request = otel.tracer().spanBuilder("user.request").startSpan();
      try (Scope ignored = request.makeCurrent();
          Pause pause = engine.pause()) {
        fake.pushText("answer");
        assertThat(connection.receive(WAIT)).hasValue(Message.text("answer"));
        assertThat(connection.receive(Duration.ofMillis(1))).isEmpty();
        connection.ping(WAIT);
        fake.pingTimeout();
        assertThrows(TimeoutException.class, () -> connection.ping(Duration.ofMillis(1)));
      } finally {
        request.end();
      }
    } finally {
      engine.stop();
    }

    SpanData request = otel.span("user.request");
    List<SpanData> children = otel.children(request);
    assertThat(children.stream().map(s -> s.getName() + " " + s.getKind()).toList())
        .containsExactly(
            "websocket.read CONSUMER",
            "websocket.read CONSUMER",
            "websocket.ping CLIENT",
            "websocket.ping CLIENT")
        .inOrder();
    assertThat(string(children.get(0), "websocket.message.type")).isEqualTo("text");
    assertThat(number(children.get(0), "websocket.message.size")).isEqualTo(6);
    assertThat(string(children.get(1), "websocket.message.type")).isNull(); // nothing came
    assertThat(children.get(3).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    // The reader's read that the pause interrupted left no span: every read span is the user's.
    assertThat(otel.spans("websocket.read").stream().filter(TracingTest::isRoot).toList())
        .isEmpty();
  }

  @BothDispatchers
  void aSilentConnectionHoldsNoSpanOpenAndInterruptedReadsLeaveNone(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode).readers(3).build();
    engine.start();
    try {
      InMemoryConnection fake = transport.connection(0);
      fake.awaitReaderBlocked(WAIT);
      assertThat(otel.unended()).isEmpty(); // a reader waiting for a message holds no span

      try (Pause pause = engine.pause()) {
        assertThat(otel.unended()).isEmpty();
      }
      engine.restart(); // interrupts the blocked read
      handler.await("open restart 1", WAIT);
      transport.connection(1).awaitReaderBlocked(WAIT);
      awaitState(engine, EngineState.RUNNING);
      Await.until(
          () -> otel.unended().isEmpty(), WAIT, () -> "spans ended; open: " + otel.unended());
    } finally {
      engine.stop();
    }
    assertThat(otel.spans("websocket.read")).isEmpty();
  }

  // ------------------------------------------------------------------ trace context to the server

  @BothDispatchers
  void propagationSendsTraceparentOfTheHandshakeSpan(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = engine(mode).propagateTraceContext(true).build();
    engine.start();
    engine.stop();

    SpanData connect = otel.span("websocket.connect");
    assertThat(transport.dials().get(0).options().headers().get("traceparent"))
        .containsExactly(
            "00-"
                + connect.getTraceId()
                + "-"
                + connect.getSpanId()
                + "-"
                + connect.getSpanContext().getTraceFlags().asHex());
    assertThat(connect.getSpanContext().isSampled()).isTrue();
  }

  @BothDispatchers
  void noTraceparentUnlessAskedFor(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    engine.stop();

    assertThat(transport.dials().get(0).options().headers()).doesNotContainKey("traceparent");
  }

  @BothDispatchers
  void aTraceparentTheUserSetIsSentAsItIs(DispatcherMode mode) throws Exception {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    WebSocketEngine engine =
        engine(mode)
            .propagateTraceContext(true)
            .connectOptions(ConnectOptions.builder().header("traceparent", own).build())
            .build();
    engine.start();
    engine.stop();

    assertThat(transport.dials().get(0).options().headers().get("traceparent"))
        .containsExactly(own);
  }

  @BothDispatchers
  void withTheNoopApiNothingIsRecordedAndNothingBreaks(DispatcherMode mode) throws Exception {
    handler.onText(
        (text, c, control) -> {
          assertThat(Span.current().getSpanContext().isValid()).isFalse();
          return "re " + text;
        });
    WebSocketEngine engine =
        engine(mode)
            .openTelemetry(io.opentelemetry.api.OpenTelemetry.noop())
            .propagateTraceContext(true)
            .build();
    engine.start();
    try {
      transport.connection(0).pushText("x");
      transport.connection(0).awaitSent(1, WAIT);
    } finally {
      engine.stop();
    }
    assertThat(handler.events(e -> e.startsWith("read error"))).isEmpty();
    assertThat(otel.startedCount()).isEqualTo(0);
    assertThat(transport.dials().get(0).options().headers()).doesNotContainKey("traceparent");
    assertThat(handler.readErrors()).isEmpty();
  }
}
