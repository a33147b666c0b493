package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Connection;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/**
 * Issue 17's tracing and metrics of requests: a {@code wsengine.request} span, child of the
 * caller's context, with the write as its child; the reply's processing as {@code
 * wsengine.request.reply}, a child of it (so in its trace) linked to the reply's read; a timeout
 * ends it with an error; the duration histogram and the outcome counter by {@code
 * wsengine.request.outcome}.
 */
@SuppressWarnings("try") // Stopping, scopes
class RequestTracingTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final TelemetryRecorder otel = new TelemetryRecorder();

  @AfterEach
  void nothingLeftRunning() {
    try {
      Engines.assertNoEngineThreads();
      otel.assertAllEnded();
    } finally {
      otel.close();
    }
  }

  private static Attributes outcome(String outcome) {
    return Attributes.of(AttributeKey.stringKey("wsengine.request.outcome"), outcome);
  }

  @BothDispatchers
  void aRequestIsASpanItsReplyAChildOfIt_aTimeoutAnErrorAndBothAreCounted(DispatcherMode mode)
      throws Exception {
    VirtualClock clock = new VirtualClock();
    transport.accept();
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport)
            .openTelemetry(otel.openTelemetry())
            .correlation(RequestsTest.WORDS)
            .readers(1)
            .clock(clock)
            .build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      Connection connection = handler.lastConnection();
      InMemoryConnection server = transport.lastConnection();
      server.awaitReaderBlocked(WAIT); // the readers run: the reply is read by them
      CompletableFuture<String> answered;
      var caller = otel.tracer().spanBuilder("caller").startSpan();
      try (var inCaller = caller.makeCurrent()) {
        answered = connection.request("req 1 q", WAIT);
      } finally {
        caller.end();
      }
      server.awaitSent(1, WAIT);
      server.pushText("rep 1 a");
      assertThat(answered.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rep 1 a");

      CompletableFuture<String> unanswered = connection.request("req 2 q", Duration.ofSeconds(3));
      clock.awaitTimeoutPending(WAIT);
      clock.advance(Duration.ofSeconds(3));
      assertThrows(
          ExecutionException.class, () -> unanswered.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    SpanData request =
        otel.spanWith(
            "wsengine.request",
            s -> "1".equals(s.getAttributes().get(AttributeKey.stringKey("wsengine.request.id"))));
    SpanData caller = otel.span("caller");
    assertThat(request.getParentSpanId()).isEqualTo(caller.getSpanId());
    assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(otel.children(request).stream().map(SpanData::getName).toList())
        .containsExactly("websocket.write", "wsengine.request.reply");
    SpanData reply = otel.span("wsengine.request.reply");
    assertThat(reply.getTraceId()).isEqualTo(caller.getTraceId());
    SpanData read =
        otel.spanWith(
            "websocket.read",
            s -> s.getSpanId().equals(reply.getLinks().get(0).getSpanContext().getSpanId()));
    assertThat(read.getParentSpanId()).isEqualTo(io.opentelemetry.api.trace.SpanId.getInvalid());

    SpanData timedOut =
        otel.spanWith(
            "wsengine.request",
            s -> "2".equals(s.getAttributes().get(AttributeKey.stringKey("wsengine.request.id"))));
    assertThat(timedOut.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(timedOut.getStatus().getDescription())
        .startsWith("java.util.concurrent.TimeoutException: no reply to request 2");

    Map<String, MetricData> metrics = otel.metrics();
    assertThat(TelemetryRecorder.sum(metrics, "wsengine.requests", outcome("ok"))).isEqualTo(1);
    assertThat(TelemetryRecorder.sum(metrics, "wsengine.requests", outcome("timeout")))
        .isEqualTo(1);
    assertThat(
            TelemetryRecorder.histogram(metrics, "wsengine.request.duration", outcome("ok"))
                .getCount())
        .isEqualTo(1);
    assertThat(
            TelemetryRecorder.histogram(metrics, "wsengine.request.duration", outcome("timeout"))
                .getCount())
        .isEqualTo(1);
  }
}
