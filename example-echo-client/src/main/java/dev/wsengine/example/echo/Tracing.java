package dev.wsengine.example.echo;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK of the example, set up by SDK autoconfiguration from the {@code OTEL_*}
 * environment variables and system properties, with defaults that suit the example:
 *
 * <ul>
 *   <li>With {@value #OTLP_ENDPOINT} set, spans go there by OTLP, over http/protobuf (such as
 *       {@code http://localhost:4318}) unless {@code OTEL_EXPORTER_OTLP_PROTOCOL} says {@code grpc}
 *       (port 4317), as service {@value #SERVICE_NAME} unless {@code OTEL_SERVICE_NAME} (or {@code
 *       service.name} in {@code OTEL_RESOURCE_ATTRIBUTES}) names another. Metrics and logs are not
 *       exported unless {@code OTEL_METRICS_EXPORTER} or {@code OTEL_LOGS_EXPORTER} asks for it:
 *       Jaeger, the usual receiver here, takes traces only.
 *   <li>Without it nothing is exported (no exporter tries, and fails, to reach a collector that is
 *       not there).
 * </ul>
 *
 * In both cases the first spans are also kept in memory, for the picture printed at exit.
 */
final class Tracing implements AutoCloseable {
  /** The environment variable that turns OTLP export on. */
  static final String OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /** The service name spans carry unless the environment names one. */
  static final String SERVICE_NAME = "wsengine-echo-client";

  /** Spans kept for the picture: enough for the first few messages' traces. */
  private static final int RECORDED_SPANS = 1_000;

  private final OpenTelemetrySdk sdk;
  private final SpanRecorder recorder;
  private final Optional<String> endpoint;

  private Tracing(OpenTelemetrySdk sdk, SpanRecorder recorder, Optional<String> endpoint) {
    this.sdk = sdk;
    this.recorder = recorder;
    this.endpoint = endpoint;
  }

  /**
   * Builds the SDK. Whether spans are exported is decided by {@code env} (the process's
   * environment, or a test's); everything else autoconfiguration reads as it always does.
   */
  static Tracing start(Map<String, String> env) {
    Optional<String> endpoint =
        Optional.ofNullable(env.get(OTLP_ENDPOINT)).map(String::trim).filter(e -> !e.isEmpty());
    SpanRecorder recorder = new SpanRecorder(RECORDED_SPANS);
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            // The example shuts the SDK down itself, after the engine's last span.
            .disableShutdownHook()
            .addPropertiesSupplier(Tracing::defaults)
            .addPropertiesCustomizer(config -> overrides(config, endpoint))
            .addTracerProviderCustomizer((tracer, config) -> tracer.addSpanProcessor(recorder))
            .build()
            .getOpenTelemetrySdk();
    return new Tracing(sdk, recorder, endpoint);
  }

  /** Defaults that OTEL_* environment variables and otel.* system properties override. */
  private static Map<String, String> defaults() {
    return Map.of(
        // The protocol OpenTelemetry recommends, and the Java agent's default; the SDK's own
        // default is still grpc (on port 4317) for compatibility with its first releases.
        "otel.exporter.otlp.protocol", "http/protobuf",
        "otel.metrics.exporter", "none",
        "otel.logs.exporter", "none");
  }

  private static Map<String, String> overrides(ConfigProperties config, Optional<String> endpoint) {
    Map<String, String> overrides = new HashMap<>();
    // A default, not a supplied property: otel.service.name would beat a service.name given
    // in OTEL_RESOURCE_ATTRIBUTES.
    if (config.getString("otel.service.name") == null
        && !config.getMap("otel.resource.attributes").containsKey("service.name")) {
      overrides.put("otel.service.name", SERVICE_NAME);
    }
    if (endpoint.isPresent()) {
      overrides.put("otel.exporter.otlp.endpoint", endpoint.get());
    } else {
      overrides.put("otel.traces.exporter", "none");
      overrides.put("otel.metrics.exporter", "none");
      overrides.put("otel.logs.exporter", "none");
    }
    return overrides;
  }

  /** What to give the engine. */
  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Where spans are exported to, if anywhere. */
  Optional<String> endpoint() {
    return endpoint;
  }

  /** The spans kept in memory so far. */
  List<SpanData> recordedSpans() {
    return recorder.spans();
  }

  /** Exports what is left (waiting up to 10 seconds) and shuts the SDK down. */
  @Override
  public void close() {
    sdk.shutdown().join(10, TimeUnit.SECONDS);
  }
}
