package dev.wsengine.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Whether spans are exported is decided by the environment given, not the machine's. */
class TracingTest {
  @Test
  void withoutEndpoint_exportsNothingButKeepsSpans() {
    assumeTrue(System.getenv("OTEL_SERVICE_NAME") == null, "the machine sets OTEL_SERVICE_NAME");
    assumeTrue(
        System.getenv("OTEL_RESOURCE_ATTRIBUTES") == null,
        "the machine sets OTEL_RESOURCE_ATTRIBUTES");
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
  void endpoint_exportsSpansThereOverHttpProtobuf() throws Exception {
    assumeTrue(
        System.getenv("OTEL_EXPORTER_OTLP_PROTOCOL") == null,
        "the machine sets OTEL_EXPORTER_OTLP_PROTOCOL");
    assumeTrue(
        System.getenv("OTEL_TRACES_EXPORTER") == null, "the machine sets OTEL_TRACES_EXPORTER");
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type"));
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
      try (Tracing tracing = Tracing.start(Map.of(Tracing.OTLP_ENDPOINT, endpoint))) {
        assertEquals(Optional.of(endpoint), tracing.endpoint());
        tracing.openTelemetry().getTracer("test").spanBuilder("a span").startSpan().end();
      }
    } finally {
      collector.stop(0);
    }

    // close() flushed the span: one request, to the traces path, in OTLP's protobuf encoding.
    assertEquals(List.of("POST /v1/traces application/x-protobuf"), received);
  }
}
