package dev.wsengine.docs.transports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.ThreadCounts;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The handler test of transports.md, on the test kit's in-memory transport. */
class TransportsTest {
  @Test
  void shouterAnswersThroughTheInMemoryTransport() throws Exception {
    // snippet:test
    InMemoryTransport server = new InMemoryTransport();
    WebSocketEngine engine =
        WebSocketEngine.builder(URI.create("ws://test.invalid/"), new Shouter())
            .transport(server)
            .build();
    engine.start();
    InMemoryConnection connection = server.awaitConnection(0, Duration.ofSeconds(5));
    connection.pushText("hello");
    assertEquals(Message.text("HELLO"), connection.awaitSent(1, Duration.ofSeconds(5)).get(0));
    engine.stop();
    assertEquals(Optional.of(CloseStatus.GOING_AWAY), connection.closeStatus());
    // end-snippet
    ThreadCounts.awaitNoEngineThreads(Duration.ofSeconds(10));
  }
}
