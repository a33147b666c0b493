package dev.wsengine.docs.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.Message;
import dev.wsengine.docs.testing.EchoEndpoint;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.LoopbackServer;
import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The snippets of engine-operations.md, against an echo server. */
class OperationsTest {
  @Test
  void startSendPauseRestartStop() throws Exception {
    Counter counter = new Counter();
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      WebSocketEngine engine =
          WebSocketEngine.builder(server.uri("/echo"), counter).readers(2).build();
      assertEquals(EngineState.NEW, engine.state());
      assertTrue(Operations.start(engine));
      assertEquals(EngineState.RUNNING, engine.state());

      Operations.send(engine);
      await(() -> counter.received.equals(List.of("status?")), "the echo reaches @OnMessage");

      Optional<Message> answer = Operations.ask(engine);
      assertEquals("snapshot?", answer.orElseThrow().text());
      assertEquals(List.of("status?"), counter.received); // the paused answer went to receive()

      UUID first = engine.connection().orElseThrow().sessionId();
      engine.restart();
      await(
          () -> engine.connection().map(c -> !c.sessionId().equals(first)).orElse(false),
          "a new session");
      assertNotEquals(first, engine.connection().orElseThrow().sessionId());

      Operations.stop(engine);
      assertEquals(EngineState.STOPPED, engine.state());
      assertTrue(engine.awaitTermination(Duration.ZERO.plusMillis(1)));
      assertFalse(engine.connection().isPresent());
    }
    ThreadCounts.awaitNoEngineThreads(Duration.ofSeconds(10));
  }

  @Test
  void failedStartLeavesNothingRunning() throws Exception {
    WebSocketEngine engine;
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      // A path the server does not serve: the handshake is refused with 404.
      engine = WebSocketEngine.builder(server.uri("/nowhere"), new Counter()).build();
      assertFalse(Operations.start(engine));
    }
    assertEquals(EngineState.STOPPED, engine.state());
    ThreadCounts.awaitNoEngineThreads(Duration.ofSeconds(10));
  }

  private static void await(BooleanSupplier condition, String what) {
    Await.until(condition, Duration.ofSeconds(10), what);
  }
}
