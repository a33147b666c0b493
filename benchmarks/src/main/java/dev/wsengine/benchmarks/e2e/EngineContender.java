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

/** The engine with the Tyrus transport (found by ServiceLoader, as for a user), and its options. */
final class EngineContender implements Contender {
  private final String name;
  private final int readers;
  private final Supplier<OpenTelemetry> telemetry;
  private final ReconnectPolicy reconnect;

  EngineContender(
      String name, int readers, Supplier<OpenTelemetry> telemetry, ReconnectPolicy reconnect) {
    this.name = name;
    this.readers = readers;
    this.telemetry = telemetry;
    this.reconnect = reconnect;
  }

  static EngineContender plain(int readers) {
    return new EngineContender(
        "engine, readers=" + readers, readers, OpenTelemetry::noop, ReconnectPolicy.never());
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
