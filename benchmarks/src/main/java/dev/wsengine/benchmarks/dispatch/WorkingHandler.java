package dev.wsengine.benchmarks.dispatch;

import dev.wsengine.Connection;
import dev.wsengine.OnMessage;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A handler with a small body, as real ones have: it sums the message's characters (about what
 * reading a short field out of it costs) before handing the sum and the connection to a blackhole.
 * Against it, the dispatch overhead is seen in proportion.
 */
public class WorkingHandler {
  private final Blackhole sink;

  public WorkingHandler(Blackhole sink) {
    this.sink = sink;
  }

  @OnMessage
  public void text(String text, Connection connection) {
    int sum = 0;
    for (int i = 0; i < text.length(); i++) {
      sum += text.charAt(i);
    }
    sink.consume(sum);
    sink.consume(connection);
  }
}
