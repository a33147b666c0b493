package dev.wsengine.docs.readme;

import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import java.net.URI;
import java.time.Duration;

/** The README's builder snippet. */
final class ReadmeBuilder {
  private ReadmeBuilder() {}

  static void run() throws EngineStartException {
    // snippet:builder
    WebSocketEngine engine =
        WebSocketEngine.builder(URI.create("ws://localhost:8080/echo"), new EchoClient())
            .readers(4)
            .reconnect(
                ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30))
                    .withJitter())
            .build(); // the Tyrus transport is found on the class path
    engine.start(); // connected, @OnOpen done, readers running
    // ...
    engine.stop(); // @OnClose, close frame, every engine thread ended
    // end-snippet
  }
}
