package dev.wsengine.docs.tracing;

import dev.wsengine.runtime.WebSocketEngine;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;

/** The snippets of tracing.md. */
final class TracingSnippets {
  private TracingSnippets() {}

  static WebSocketEngine configure(URI uri, OpenTelemetry openTelemetrySdk) {
    // snippet:configure
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, new EchoClient())
            .openTelemetry(openTelemetrySdk) // default: GlobalOpenTelemetry.get()
            .propagateTraceContext(true) // optional: send traceparent with the handshake
            .build();
    // end-snippet
    return engine;
  }
}
