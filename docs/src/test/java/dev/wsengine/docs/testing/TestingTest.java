package dev.wsengine.docs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingConnection;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tests docs/testing.md shows, run as they are shown. */
class TestingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final URI FEED = URI.create("ws://quotes.test/feed");

  @AfterEach
  void noEngineThreadLeft() {
    // snippet:no-threads
    ThreadCounts.awaitNoEngineThreads(Duration.ofSeconds(10));
    // end-snippet
  }

  @Test
  void aCallbackAlone() throws Exception {
    // snippet:unit
    RecordingConnection connection = new RecordingConnection();
    Quotes quotes = new Quotes();

    quotes.subscribe(connection);

    assertEquals(List.of(Message.text("subscribe EURUSD")), connection.sent());
    assertEquals("ack EURUSD 1.0842", quotes.quote("EURUSD 1.0842"));
    // end-snippet
  }

  @Test
  void whatTheClientSent() throws Exception {
    // snippet:in-memory
    InMemoryTransport server = new InMemoryTransport();
    WebSocketEngine engine =
        WebSocketEngine.builder(FEED, new Quotes())
            .transport(server)
            .connectOptions(
                ConnectOptions.builder().header("Authorization", "Bearer t0ken").build())
            .build();
    engine.start();
    InMemoryConnection connection = server.connection(0);

    connection.pushText("EURUSD 1.0842");

    assertEquals(
        List.of(Message.text("subscribe EURUSD"), Message.text("ack EURUSD 1.0842")),
        connection.awaitSent(2, WAIT));
    assertEquals(List.of("Bearer t0ken"), server.dials().get(0).header("authorization"));
    engine.stop();
    assertEquals(Optional.of(CloseStatus.GOING_AWAY), connection.closeStatus());
    // end-snippet
  }

  @Test
  void theServerCloses() throws Exception {
    // snippet:server-close
    InMemoryTransport server = new InMemoryTransport();
    Quotes quotes = new Quotes();
    WebSocketEngine engine =
        WebSocketEngine.builder(FEED, quotes)
            .transport(server)
            .reconnect(ReconnectPolicy.never())
            .build();
    engine.start();

    server.connection(0).pushText("EURUSD 1.0842").serverClose(CloseStatus.of(1012, "restarting"));

    assertTrue(engine.awaitTermination(WAIT)); // never reconnect: a lost connection stops it
    assertEquals(List.of("EURUSD 1.0842"), quotes.quotes());
    assertEquals(CloseStatus.of(1012, "restarting"), quotes.lastClose());
    // end-snippet
  }

  @Test
  void backoffOnTheVirtualClock() throws Exception {
    // snippet:backoff
    VirtualClock clock = new VirtualClock();
    InMemoryTransport server =
        new InMemoryTransport()
            .accept() // start()
            .refuse(503) // reconnect attempt 1, at once
            .refuse(503) // attempt 2, after 1 s
            .accept(); // attempt 3, after 2 s more
    WebSocketEngine engine =
        WebSocketEngine.builder(FEED, new Quotes())
            .transport(server)
            .clock(clock)
            .reconnect(ReconnectPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)))
            .build();
    engine.start();

    server.connection(0).dropLink(); // the link dies without a close frame: 1006
    assertEquals(Duration.ofSeconds(1), clock.awaitSleeping(WAIT));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Duration.ofSeconds(2), clock.awaitSleeping(WAIT));
    clock.advance(Duration.ofSeconds(2));

    server.awaitConnection(1, WAIT);
    assertEquals(4, server.dialCount());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), clock.sleeps());
    engine.stop();
    // end-snippet
  }
}
