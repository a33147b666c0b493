package dev.wsengine.docs.testing;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

// snippet:handler
/** Subscribes to a quote feed, acknowledges each quote, and keeps them. */
public final class Quotes {
  private final List<String> quotes = new CopyOnWriteArrayList<>();
  private volatile CloseStatus lastClose;

  @OnOpen
  void subscribe(Connection connection) throws IOException {
    connection.sendText("subscribe EURUSD");
  }

  @OnMessage
  String quote(String text) {
    quotes.add(text);
    return "ack " + text;
  }

  @OnClose
  void closed(CloseStatus received) {
    lastClose = received;
  }

  List<String> quotes() {
    return List.copyOf(quotes);
  }

  CloseStatus lastClose() {
    return lastClose;
  }
}
// end-snippet
