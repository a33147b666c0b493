package dev.wsengine.benchmarks.e2e;

import dev.wsengine.Connection;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The engine on one transport, and its options. Each connect builds an engine with a new transport
 * with the transport's defaults, which is what {@code ServiceLoader} gives an engine the user
 * builds.
 */
final class EngineContender implements Contender {
  private final TransportKind transport;
  private final String name;
  private final int readers;
  private final Supplier<OpenTelemetry> telemetry;
  private final ReconnectPolicy reconnect;

  /**
   * @param variant what the report adds to "engine on Tyrus": "readers=1, SDK", or empty
   */
  EngineContender(
      TransportKind transport,
      String variant,
      int readers,
      Supplier<OpenTelemetry> telemetry,
      ReconnectPolicy reconnect) {
    this.transport = transport;
    this.name = "engine " + transport.on() + (variant.isEmpty() ? "" : ", " + variant);
    this.readers = readers;
    this.telemetry = telemetry;
    this.reconnect = reconnect;
  }

  static EngineContender plain(TransportKind transport, int readers) {
    return new EngineContender(
        transport, "readers=" + readers, readers, OpenTelemetry::noop, ReconnectPolicy.never());
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * The open session's connection; right after a reconnect's {@code @OnOpen} it may take a moment.
   */
  static Connection connection(WebSocketEngine engine) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      var open = engine.connection();
      if (open.isPresent()) {
        return open.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("the engine has no session open (" + engine.state() + ")");
      }
      LockSupport.parkNanos(10_000);
    }
  }

  @Override
  public Client connect(URI uri, Behaviour behaviour) throws Exception {
    OpenTelemetry otel = telemetry.get();
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, new BenchClient(behaviour))
            .transport(transport.transport())
            .readers(readers)
            .openTelemetry(otel)
            .reconnect(reconnect)
            .stopTimeout(Duration.ofSeconds(30))
            .build();
    engine.start();
    return new Client() {
      @Override
      public void send(String text) throws IOException {
        connection(engine).sendText(text);
      }

      @Override
      public void close() {
        engine.stop();
        if (otel instanceof OpenTelemetrySdk sdk) {
          sdk.close();
        }
      }
    };
  }
}
