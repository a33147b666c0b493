package dev.wsengine.benchmarks.typed;

import dev.wsengine.Codecs;
import dev.wsengine.OnMessage;
import java.util.function.Consumer;

/**
 * The typed contender: {@code @OnMessage void tick(Tick)}, the engine decoding with {@link
 * TickJson}. Compiled with wsengine's processor, so the engine uses the generated dispatcher.
 */
@Codecs(decoders = TickJson.class)
public final class TypedTicks {
  private final Consumer<Tick> sink;

  public TypedTicks(Consumer<Tick> sink) {
    this.sink = sink;
  }

  @OnMessage
  void tick(Tick tick) {
    sink.accept(tick);
  }
}
