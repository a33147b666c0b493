package dev.wsengine.docs.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.Message;
import dev.wsengine.docs.testing.LocalEchoServer;
import dev.wsengine.docs.testing.Threads;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The snippets of engine-operations.md, against an echo server. */
class OperationsTest {
  @Test
  void startSendPauseRestartStop() throws Exception {
    Counter counter = new Counter();
    try (LocalEchoServer server = new LocalEchoServer()) {
      WebSocketEngine engine = WebSocketEngine.builder(server.uri("/echo"), counter).readers(2).build();
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
      await(() -> engine.connection().map(c -> !c.sessionId().equals(first)).orElse(false), "a new session");
      assertNotEquals(first, engine.connection().orElseThrow().sessionId());

      Operations.stop(engine);
      assertEquals(EngineState.STOPPED, engine.state());
      assertTrue(engine.awaitTermination(Duration.ZERO.plusMillis(1)));
      assertFalse(engine.connection().isPresent());
    }
    Threads.awaitNone("wsengine-", Duration.ofSeconds(10));
  }

  @Test
  void failedStartLeavesNothingRunning() throws Exception {
    WebSocketEngine engine;
    try (LocalEchoServer server = new LocalEchoServer()) {
      // A path the server does not serve: the handshake is refused with 404.
      engine = WebSocketEngine.builder(server.uri("/nowhere"), new Counter()).build();
      assertFalse(Operations.start(engine));
    }
    assertEquals(EngineState.STOPPED, engine.state());
    Threads.awaitNone("wsengine-", Duration.ofSeconds(10));
  }

  private interface Condition {
    boolean holds();
  }

  private static void await(Condition condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }
}
