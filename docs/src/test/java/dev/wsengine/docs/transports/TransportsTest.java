package dev.wsengine.docs.transports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.Message;
import dev.wsengine.docs.testing.Threads;
import dev.wsengine.runtime.WebSocketEngine;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The transport of transports.md, under the engine. */
class TransportsTest {
  @Test
  void shouterAnswersThroughTheInMemoryTransport() throws Exception {
    // snippet:test
    InMemoryTransport transport = new InMemoryTransport();
    WebSocketEngine engine = WebSocketEngine.builder(URI.create("ws://test.invalid/"), new Shouter())
        .transport(transport)
        .build();
    engine.start();
    InMemoryConnection server = transport.nextConnection(Duration.ofSeconds(5));
    server.push(Message.text("hello"));
    assertEquals("HELLO", server.nextSent(Duration.ofSeconds(5)).text());
    engine.stop();
    // end-snippet
    Threads.awaitNone("wsengine-", Duration.ofSeconds(10));
  }
}
