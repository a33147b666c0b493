package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * docs/tracing.md, secrets: the URI's user info and query values, and the values of headers named
 * like secrets, appear in no span attribute, event, link, status, metric attribute or log record,
 * not even when a transport writes them into an exception message. Every secret here contains
 * {@code s3cr3t}, so one search finds any of them.
 */
class RedactionTest {
  private static final URI SECRET_URI =
      URI.create("ws://alice:pw-s3cr3t@127.0.0.1:9/x?token=query-s3cr3t&plain");
  private static final String REDACTED_URI = "ws://REDACTED@127.0.0.1:9/x?token=REDACTED&plain";

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final VirtualClock clock = VirtualClock.skippingSleeps();
  private final TelemetryRecorder otel = new TelemetryRecorder();
  private final List<String> logs = new CopyOnWriteArrayList<>();
  private final Logger engineLogger = Logger.getLogger("dev.wsengine.runtime");
  private Level loggerLevel;
  private final Handler capture =
      new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          logs.add(formatter.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLogs() {
    loggerLevel = engineLogger.getLevel();
    engineLogger.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    engineLogger.addHandler(capture);
  }

  @AfterEach
  void nothingLeftRunning() {
    engineLogger.removeHandler(capture);
    engineLogger.setLevel(loggerLevel);
    try {
      Engines.assertNoEngineThreads();
      otel.assertAllEnded();
    } finally {
      otel.close();
    }
  }

  @BothDispatchers
  void secretsInTheUriAndHeadersAreNeverRecorded(DispatcherMode mode) throws Exception {
    ConnectOptions options =
        ConnectOptions.builder()
            .header("Authorization", "Bearer auth-s3cr3t-value")
            .header("Cookie", "sid=cookie-s3cr3t; theme=dark")
            .header("X-Api-Key", "key-s3cr3t")
            .header("X-Session-Token", "token-s3cr3t")
            .header("X-Client-Secret", "client-s3cr3t")
            .build();
    transport
        .accept() // start
        // Reconnect attempt 1: a careless transport quotes the URI and a header in its error.
        .failDial(
            new ConnectException(
                "refused by " + SECRET_URI + " (Authorization: Bearer auth-s3cr3t-value)"))
        .accept(); // attempt 2
    handler.onText((text, c, control) -> "re " + text);
    WebSocketEngine engine =
        WebSocketEngine.builder(SECRET_URI, handler)
            .transport(transport)
            .dispatcherMode(mode)
            .connectOptions(options)
            .propagateTraceContext(true)
            .openTelemetry(otel.openTelemetry())
            .clock(clock)
            .readers(1)
            .openTimeout(WAIT)
            .stopTimeout(WAIT)
            // Two attempts, then give up (the engine logs that, with the URI).
            .reconnect(
                ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .withMaxAttempts(2))
            .build();
    engine.start();
    transport.connection(0).pushText("hello");
    handler.await("text hello", WAIT);
    transport.connection(0).serverClose(CloseStatus.of(1000, "bye"));
    handler.await("open restart 2", WAIT);
    InMemoryConnection second = transport.awaitConnection(1, WAIT);
    second.dropLink(); // attempts 1 and 2 are used up: the policy gives up and the engine stops
    assertThat(engine.awaitTermination(WAIT)).isTrue();

    // The secrets were there to leak: the transport got the URI and headers as they are.
    assertThat(transport.dials().get(0).uri()).isEqualTo(SECRET_URI);
    assertThat(transport.dials().get(0).options().headers().get("Authorization"))
        .containsExactly("Bearer auth-s3cr3t-value");
    assertThat(otel.spans("websocket.connect")).hasSize(3);
    assertThat(logs).isNotEmpty();

    List<String> recorded = everythingRecorded();
    assertThat(recorded.stream().filter(s -> s.contains("s3cr3t")).toList()).isEmpty();
    assertThat(recorded.stream().filter(s -> s.contains("alice")).toList()).isEmpty();

    for (SpanData connect : otel.spans("websocket.connect")) {
      assertThat(connect.getAttributes().get(AttributeKey.stringKey("url.full")))
          .isEqualTo(REDACTED_URI);
    }
    SpanData refused = otel.spans("websocket.connect").get(1);
    EventData exception = refused.getEvents().get(0);
    assertThat(exception.getName()).isEqualTo("exception");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("refused by " + REDACTED_URI + " (Authorization: REDACTED)");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.net.ConnectException");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .startsWith(
            "java.net.ConnectException: refused by " + REDACTED_URI + " (Authorization: REDACTED)");
    assertThat(String.join("\n", logs)).contains(REDACTED_URI);
  }

  /** Every string the SDK and the engine's logger got: span and metric data, and log records. */
  private List<String> everythingRecorded() {
    List<String> out = new ArrayList<>();
    for (SpanData span : otel.spans()) {
      out.add(span.getName());
      out.add(span.getStatus().getDescription());
      add(out, span.getAttributes());
      for (EventData event : span.getEvents()) {
        out.add(event.getName());
        add(out, event.getAttributes());
      }
      for (LinkData link : span.getLinks()) {
        add(out, link.getAttributes());
      }
    }
    for (MetricData metric : otel.metrics().values()) {
      for (PointData point : metric.getData().getPoints()) {
        add(out, point.getAttributes());
      }
    }
    out.addAll(logs);
    return out;
  }

  private static void add(List<String> out, Attributes attributes) {
    attributes.forEach((key, value) -> out.add(key.getKey() + "=" + value));
  }
}
