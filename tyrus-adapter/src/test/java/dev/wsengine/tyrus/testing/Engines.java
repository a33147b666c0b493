package dev.wsengine.tyrus.testing;

import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.Transport;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;

/** Builders for engines under test: no reconnect, generous timeouts, no telemetry. */
public final class Engines {
  /** How long a test waits for something that should happen at once. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** Reconnect at once, then every 50 ms: fast enough for tests, and never gives up. */
  public static final ReconnectPolicy FAST_RECONNECT =
      ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofMillis(100));

  private Engines() {}

  /** An engine whose transport the {@link java.util.ServiceLoader} finds. */
  public static WebSocketEngine.Builder builder(URI uri, Object handler) {
    return WebSocketEngine.builder(uri, handler)
        .reconnect(ReconnectPolicy.never())
        .openTimeout(WAIT)
        .stopTimeout(WAIT)
        .openTelemetry(OpenTelemetry.noop());
  }

  public static WebSocketEngine.Builder builder(URI uri, Object handler, Transport transport) {
    return builder(uri, handler).transport(transport);
  }
}
