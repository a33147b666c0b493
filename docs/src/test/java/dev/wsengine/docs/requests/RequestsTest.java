package dev.wsengine.docs.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.junit.NoThreadsLeft;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** requests.md's exchange client, on the test kit's in-memory transport. */
@ExtendWith(NoThreadsLeft.class)
class RequestsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void subscribesInOnOpenKeepsTheTicksAndRequestsABalance() throws Exception {
    InMemoryTransport server = new InMemoryTransport().accept();
    Exchange exchange = new Exchange();
    WebSocketEngine engine =
        WebSocketEngine.builder(URI.create("ws://exchange.test/ws"), exchange)
            .transport(server)
            .readers(1)
            .correlation(dev.wsengine.jackson.JsonCorrelation.field("id"))
            .build();
    CompletableFuture<Void> started =
        CompletableFuture.runAsync(
            () -> {
              try {
                engine.start();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      InMemoryConnection connection = server.awaitConnection(0, WAIT);
      connection.awaitSent(1, WAIT);
      connection
          .pushText("{\"type\":\"tick\",\"n\":1}")
          .pushText("{\"id\":\"sub-1\",\"ok\":true}")
          .pushText("{\"type\":\"tick\",\"n\":2}");
      started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals("{\"id\":\"sub-1\",\"ok\":true}", exchange.subscribed);

      CompletableFuture<String> balance = ExchangeClient.balance(engine);
      connection.awaitSent(2, WAIT);
      connection.pushText("{\"id\":42,\"BTC\":\"0.5\"}");
      assertEquals("{\"id\":42,\"BTC\":\"0.5\"}", balance.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      Await.until(() -> exchange.stream.size() == 2, WAIT, "both ticks");
      assertEquals(
          List.of("{\"type\":\"tick\",\"n\":1}", "{\"type\":\"tick\",\"n\":2}"), exchange.stream);
    } finally {
      engine.stop();
    }
  }

  @Test
  void theBuilderSnippetBuilds() {
    ExchangeClient.build(URI.create("ws://exchange.test/ws"), new Exchange());
  }
}
