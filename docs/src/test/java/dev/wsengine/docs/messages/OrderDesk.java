package dev.wsengine.docs.messages;

import dev.wsengine.Connection;
import dev.wsengine.Message;
import dev.wsengine.Pause;
import dev.wsengine.runtime.WebSocketEngine;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Places orders on the {@link Trader}'s engine, outside any callback, as messages.md shows. */
final class OrderDesk {
  private final WebSocketEngine engine;

  /** Ticks that came while an order waited for its answer: no reader sees those. */
  final List<Tick> ticksWhileWaiting = new CopyOnWriteArrayList<>();

  OrderDesk(WebSocketEngine engine) {
    this.engine = engine;
  }

  // snippet:place
  /** Sends an order and returns the server's answer to it: an Ack or a Rejected. */
  Event place(Order order) throws IOException, InterruptedException {
    try (Pause pause = engine.pause()) { // no reader reads until it is closed
      Connection connection = engine.connection().orElseThrow();
      connection.send(order); // encoded by OrderEncoder: "order BTC 1"
      while (true) {
        Message message =
            connection
                .receive(Duration.ofSeconds(5))
                .orElseThrow(() -> new IOException("no answer to " + order));
        Object decoded = connection.decode(message).orElse(message); // as a reader would
        if (decoded instanceof Ack || decoded instanceof Rejected) {
          return (Event) decoded;
        } else if (decoded instanceof Tick tick) {
          ticksWhileWaiting.add(tick); // received here, so no reader will see it
        }
      }
    }
  }
  // end-snippet
}
