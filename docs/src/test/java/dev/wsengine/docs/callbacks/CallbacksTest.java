package dev.wsengine.docs.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.docs.testing.EchoEndpoint;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.LoopbackServer;
import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pause snippets of callbacks.md, against an echo server: the answer is the question. */
class CallbacksTest {
  @Test
  void pauseInOnOpenAndInOnMessageTakesTheAnswerBeforeAnyReader() throws Exception {
    Asker asker = new Asker();
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      WebSocketEngine engine =
          WebSocketEngine.builder(server.uri("/echo"), asker)
              .dispatcherMode(DispatcherMode.GENERATED)
              .build();
      engine.start();
      try {
        assertEquals(List.of("version?"), asker.answers); // start() returns after @OnOpen
        engine.connection().orElseThrow().sendText("token expired");
        awaitSize(asker.answers, 2);
        assertEquals(List.of("version?", "renew"), asker.answers);
        // The answers went to receive(), never to @OnMessage.
        assertEquals(List.of("token expired"), asker.dispatched);
      } finally {
        engine.stop();
      }
    }
    ThreadCounts.awaitNoEngineThreads(Duration.ofSeconds(10));
  }

  @Test
  void everyCallbackSnippetHandlerIsValid() {
    // build() checks the handler: the generated dispatchers exist and the classes obey the rules.
    for (Object handler : List.of(new Subscriber(), new Auditor())) {
      WebSocketEngine.builder(java.net.URI.create("ws://127.0.0.1:1/"), handler)
          .dispatcherMode(DispatcherMode.GENERATED)
          .build();
      WebSocketEngine.builder(java.net.URI.create("ws://127.0.0.1:1/"), handler)
          .dispatcherMode(DispatcherMode.FALLBACK)
          .build();
    }
  }

  private static void awaitSize(List<?> list, int size) {
    Await.until(
        () -> list.size() >= size, Duration.ofSeconds(10), () -> size + " answers; got " + list);
    assertEquals(size, list.size(), "got " + list);
  }
}
