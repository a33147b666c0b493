package dev.wsengine.docs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.LoopbackServer;
import dev.wsengine.testing.junit.NoThreadsLeft;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// snippet:loopback
@ExtendWith(NoThreadsLeft.class) // after each test: fails if an engine thread is left
class LoopbackTest {
  @Test
  void quotesFromARealServer() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(QuoteServer.class)) {
      Quotes quotes = new Quotes();
      WebSocketEngine engine = WebSocketEngine.builder(server.uri("/feed"), quotes).build();
      engine.start();

      Await.until(() -> !quotes.quotes().isEmpty(), Duration.ofSeconds(10), "a quote");

      engine.stop();
      assertEquals(List.of("EURUSD 1.0842"), quotes.quotes());
    }
  }
}
// end-snippet
