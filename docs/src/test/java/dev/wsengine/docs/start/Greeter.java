package dev.wsengine.docs.start;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

// snippet:first-handler
public final class Greeter {
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

  @OnOpen
  void opened(Connection connection) throws IOException {
    connection.sendText("hello"); // no message is read before this returns
  }

  @OnMessage
  void received(String text) { // text messages, on a reader thread
    replies.add(text);
  }

  @OnClose
  void closed(CloseStatus received) { // null when this side closes
    System.out.println(received == null ? "closed" : "the server closed with " + received);
  }

  /** The next text message from the server, or null if none came within {@code timeout}. */
  String nextReply(Duration timeout) throws InterruptedException {
    return replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
// end-snippet
