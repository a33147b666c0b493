package dev.wsengine.docs.configuration;

import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.EngineClock;
import dev.wsengine.tyrus.TyrusTransport;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.SSLContext;

/** The snippets of configuration.md; ConfigurationTest builds each. */
final class Configuration {
  private Configuration() {}

  static WebSocketEngine defaults(URI uri, Object handler) {
    // snippet:defaults
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, handler)
            .readers(4)
            .reconnect(
                ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30))
                    .withJitter())
            .openTimeout(Duration.ofMinutes(1))
            .stopTimeout(Duration.ofMinutes(1))
            .sendQueue(1024, 16 << 20) // messages, bytes
            .sendTimeout(Duration.ofSeconds(30))
            .openTelemetry(GlobalOpenTelemetry.get())
            .propagateTraceContext(false)
            .transport(new TyrusTransport()) // what ServiceLoader finds with wsengine-tyrus
            .connectOptions(ConnectOptions.defaults())
            .dispatcherMode(DispatcherMode.AUTO) // unless -Ddev.wsengine.dispatcher says otherwise
            .clock(EngineClock.SYSTEM) // tests: the test kit's VirtualClock
            .build();
    // end-snippet
    return engine;
  }

  static WebSocketEngine virtualThreads(URI uri, Object handler, ThreadFactory factory) {
    // snippet:thread-factory
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, handler)
            .threadFactory(factory) // on Java 21+: Thread.ofVirtual().name("ws-", 0).factory()
            .build();
    // end-snippet
    return engine;
  }

  static ConnectOptions connectOptions(String token, SSLContext sslContext) {
    // snippet:connect-options
    ConnectOptions options =
        ConnectOptions.builder()
            .header("Authorization", "Bearer " + token) // again with the same name adds a value
            .subprotocol("v2.feed") // offered in order of preference
            .sslContext(sslContext) // for wss; null for the JDK's default
            .handshakeTimeout(Duration.ofSeconds(10))
            .maxTextMessageBytes(4 << 20)
            .maxBinaryMessageBytes(4 << 20)
            .bufferedMessages(64)
            .proxy(ProxySelector.getDefault())
            .build();
    // end-snippet
    return options;
  }

  /** A token that expires: every attempt asks for a fresh one. */
  interface Tokens {
    String fresh() throws java.io.IOException;
  }

  static WebSocketEngine freshToken(URI uri, Object handler, Tokens tokens) {
    // snippet:handshake-hook
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, handler)
            .beforeHandshake(
                request -> request.setHeader("Authorization", "Bearer " + tokens.fresh()))
            .build();
    // end-snippet
    return engine;
  }

  static ReconnectPolicy backoff() {
    // snippet:backoff
    ReconnectPolicy policy =
        ReconnectPolicy.exponential(Duration.ofMillis(500), Duration.ofMinutes(2))
            .withMultiplier(1.5)
            .withJitter(0.3)
            .withMaxAttempts(20)
            .withResetAfter(Duration.ofMinutes(5));
    // end-snippet
    return policy;
  }

  static TyrusTransport tyrus() {
    // snippet:tyrus
    TyrusTransport tyrus =
        TyrusTransport.builder()
            .keepalive(Duration.ofSeconds(20), Duration.ofSeconds(5)) // or .noKeepalive()
            .sharedContainer(true)
            .sharedContainerIdleTimeout(Duration.ofSeconds(60))
            .build();
    // end-snippet
    return tyrus;
  }
}
