package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static dev.wsengine.runtime.TelemetryRecorder.histogram;
import static dev.wsengine.runtime.TelemetryRecorder.sum;

import dev.wsengine.CloseStatus;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * docs/tracing.md, metrics: the value of every instrument after a scripted run, and each one's
 * unit. Reconnect downtime is measured on the engine's {@link VirtualClock} that skips sleeps, so
 * it is exact.
 */
class MetricsTest {
  private static final Attributes TEXT =
      Attributes.of(AttributeKey.stringKey("websocket.message.type"), "text");
  private static final Attributes BINARY =
      Attributes.of(AttributeKey.stringKey("websocket.message.type"), "binary");

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final VirtualClock clock = VirtualClock.skippingSleeps();
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

  private static Attributes callback(String name) {
    return Attributes.of(AttributeKey.stringKey("wsengine.callback"), name);
  }

  private static Attributes outcome(String outcome) {
    return Attributes.of(AttributeKey.stringKey("wsengine.outcome"), outcome);
  }

  @BothDispatchers
  void scriptedRunCountsMessagesBytesCallbacksReconnectsAndConnections(DispatcherMode mode)
      throws Exception {
    transport
        .accept() // start
        .failDial(new ConnectException("refused")) // reconnect attempt 1
        .accept(); // reconnect attempt 2, after 100 ms
    handler.onText(
        (text, c, control) -> {
          if (text.equals("boom")) {
            throw new IllegalStateException("boom");
          }
          return "ack"; // one reply, for "héllo"
        });
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport)
            .openTelemetry(otel.openTelemetry())
            .clock(clock)
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)))
            .readers(1)
            .build();
    engine.start();
    try {
      InMemoryConnection first = transport.connection(0);
      first.pushText("héllo").pushBinary("data".getBytes(StandardCharsets.UTF_8)).pushText("boom");
      handler.await("read error IllegalStateException: boom", WAIT);
      assertThat(sum(otel.metrics(), "wsengine.connections.open", Attributes.empty())).isEqualTo(1);

      first.serverClose(CloseStatus.NORMAL);
      handler.await("open restart 2", WAIT);
      Await.until(() -> engine.state() == EngineState.RUNNING, WAIT, "running again");
      Await.until(
          () -> sum(otel.metrics(), "wsengine.reconnect.attempts", outcome("success")) == 1,
          WAIT,
          "the reconnect counted");
    } finally {
      engine.stop();
    }

    Map<String, MetricData> metrics = otel.metrics();
    assertThat(sum(metrics, "wsengine.messages.received", TEXT)).isEqualTo(2);
    assertThat(sum(metrics, "wsengine.messages.received", BINARY)).isEqualTo(1);
    assertThat(sum(metrics, "wsengine.bytes.received", Attributes.empty())).isEqualTo(6 + 4 + 4);
    assertThat(sum(metrics, "wsengine.messages.sent", TEXT)).isEqualTo(1);
    assertThat(sum(metrics, "wsengine.messages.sent", BINARY)).isEqualTo(0);
    assertThat(sum(metrics, "wsengine.reconnect.attempts", outcome("failure"))).isEqualTo(1);
    assertThat(sum(metrics, "wsengine.reconnect.attempts", outcome("success"))).isEqualTo(1);
    assertThat(sum(metrics, "wsengine.callback.errors", callback("on_message"))).isEqualTo(1);
    assertThat(metrics.get("wsengine.callback.errors").getLongSumData().getPoints()).hasSize(1);
    assertThat(sum(metrics, "wsengine.connections.open", Attributes.empty())).isEqualTo(0);

    assertThat(histogram(metrics, "wsengine.callback.duration", callback("on_open")).getCount())
        .isEqualTo(2);
    assertThat(histogram(metrics, "wsengine.callback.duration", callback("on_message")).getCount())
        .isEqualTo(3);
    assertThat(
            histogram(metrics, "wsengine.callback.duration", callback("on_read_error")).getCount())
        .isEqualTo(1);
    assertThat(histogram(metrics, "wsengine.callback.duration", callback("on_close")).getCount())
        .isEqualTo(2);
    assertThat(
            histogram(metrics, "wsengine.callback.duration", callback("on_restart_error"))
                .getCount())
        .isEqualTo(1);
    assertThat(metrics.get("wsengine.callback.duration").getHistogramData().getPoints()).hasSize(5);

    // The session ended, attempt 1 failed at once, attempt 2 came 100 ms (on the engine's clock)
    // later.
    HistogramPointData downtime =
        histogram(metrics, "wsengine.reconnect.downtime", Attributes.empty());
    assertThat(downtime.getCount()).isEqualTo(1);
    assertThat(downtime.getSum()).isWithin(1e-9).of(0.1);

    assertThat(metrics.get("wsengine.messages.received").getUnit()).isEqualTo("{message}");
    assertThat(metrics.get("wsengine.bytes.received").getUnit()).isEqualTo("By");
    assertThat(metrics.get("wsengine.messages.sent").getUnit()).isEqualTo("{message}");
    assertThat(metrics.get("wsengine.reconnect.attempts").getUnit()).isEqualTo("{attempt}");
    assertThat(metrics.get("wsengine.callback.errors").getUnit()).isEqualTo("{error}");
    assertThat(metrics.get("wsengine.callback.duration").getUnit()).isEqualTo("s");
    assertThat(metrics.get("wsengine.reconnect.downtime").getUnit()).isEqualTo("s");
    assertThat(metrics.get("wsengine.connections.open").getUnit()).isEqualTo("{connection}");
    assertThat(metrics.get("wsengine.connections.open").getLongSumData().isMonotonic()).isFalse();
    assertThat(metrics.get("wsengine.callback.duration").getInstrumentationScopeInfo().getName())
        .isEqualTo("dev.wsengine.runtime");
  }

  @BothDispatchers
  void sendsFromOutsideCallbacksAreCountedByType(DispatcherMode mode) throws Exception {
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).openTelemetry(otel.openTelemetry()).build();
    engine.start();
    try {
      engine.connection().orElseThrow().sendText("a");
      engine.connection().orElseThrow().sendBinary(new byte[] {1, 2});
      engine.connection().orElseThrow().sendBinary(java.nio.ByteBuffer.wrap(new byte[] {3}));
    } finally {
      engine.stop();
    }
    Map<String, MetricData> metrics = otel.metrics();
    assertThat(sum(metrics, "wsengine.messages.sent", TEXT)).isEqualTo(1);
    assertThat(sum(metrics, "wsengine.messages.sent", BINARY)).isEqualTo(2);
    assertThat(otel.spans("websocket.write")).hasSize(3);
  }
}
