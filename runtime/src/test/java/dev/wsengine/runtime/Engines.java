package dev.wsengine.runtime;

import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.ThreadCounts;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;

/**
 * Builders for engines under test: the kit's in-memory transport, no reconnect, generous timeouts.
 */
final class Engines {
  static final URI URI = java.net.URI.create("ws://127.0.0.1:9/test");

  /** How long a test waits for something that should happen at once. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private Engines() {}

  static WebSocketEngine.Builder builder(
      DispatcherMode mode, Object handler, InMemoryTransport transport) {
    return WebSocketEngine.builder(URI, handler)
        .transport(transport)
        .dispatcherMode(mode)
        .reconnect(ReconnectPolicy.never())
        .openTimeout(WAIT)
        .stopTimeout(WAIT)
        .openTelemetry(OpenTelemetry.noop());
  }

  /** Fails unless every engine thread has ended. */
  static void assertNoEngineThreads() {
    ThreadCounts.awaitNoThreads("wsengine-", WAIT);
  }
}
