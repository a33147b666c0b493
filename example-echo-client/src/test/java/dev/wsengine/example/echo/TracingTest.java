package dev.wsengine.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether spans are exported is decided by the environment given, not the machine's. */
class TracingTest {
  @Test
  void withoutEndpoint_exportsNothingButKeepsSpans() {
    assumeTrue(System.getenv("OTEL_SERVICE_NAME") == null, "the machine sets OTEL_SERVICE_NAME");
    assumeTrue(System.getenv("OTEL_RESOURCE_ATTRIBUTES") == null, "the machine sets OTEL_RESOURCE_ATTRIBUTES");
    List<SpanData> spans;
    try (Tracing tracing = Tracing.start(Map.of())) {
      assertEquals(Optional.empty(), tracing.endpoint());
      tracing.openTelemetry().getTracer("test").spanBuilder("a span").startSpan().end();
      spans = tracing.recordedSpans();
    }

    assertEquals(1, spans.size());
    assertEquals(
        "wsengine-echo-client",
        spans.get(0).getResource().getAttribute(AttributeKey.stringKey("service.name")));
  }

  @Test
  void blankEndpoint_isNoEndpoint() {
    try (Tracing tracing = Tracing.start(Map.of(Tracing.OTLP_ENDPOINT, " "))) {
      assertEquals(Optional.empty(), tracing.endpoint());
    }
  }

  @Test
  void endpoint_turnsOtlpOn() {
    // No span is made, so nothing is sent to this port, where nothing listens.
    try (Tracing tracing = Tracing.start(Map.of(Tracing.OTLP_ENDPOINT, "http://127.0.0.1:9/"))) {
      assertEquals(Optional.of("http://127.0.0.1:9/"), tracing.endpoint());
    }
  }
}
