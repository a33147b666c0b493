package dev.wsengine.benchmarks.dispatch;

import dev.wsengine.Connection;
import dev.wsengine.OnMessage;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The handler every dispatch contender calls: one {@code @OnMessage} with the parameters a real one
 * has, a message and the connection, each handed to a blackhole so the JIT cannot drop the call or
 * its arguments. Compiled with wsengine's processor, so {@code BenchHandler_Dispatcher} exists next
 * to it.
 */
public class BenchHandler {
  private final Blackhole sink;

  public BenchHandler(Blackhole sink) {
    this.sink = sink;
  }

  @OnMessage
  public void text(String text, Connection connection) {
    sink.consume(text);
    sink.consume(connection);
  }
}
