package dev.wsengine.benchmarks.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.Message;
import dev.wsengine.benchmarks.typed.ByHandTicks;
import dev.wsengine.benchmarks.typed.Tick;
import dev.wsengine.benchmarks.typed.TickFeed;
import dev.wsengine.benchmarks.typed.TypedTicks;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.dispatch.Dispatchers;
import dev.wsengine.spi.CallbackScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The typed-messages microbenchmark measures what it says: both contenders, through the benchmark's
 * copy of the engine's dispatch, hand their handler the tick the JSON says; and every benchmark
 * method runs (once each, outside JMH: no timing).
 */
class TypedMessageBenchmarkTest {
  private final CallbackScope scope = new MessageScope(new StubConnection());

  @Test
  void typedAndByHandDeliverTheSameTicks() throws Exception {
    List<Tick> typed = new ArrayList<>();
    List<Tick> typedByteBuddy = new ArrayList<>();
    List<Tick> byHand = new ArrayList<>();
    MessageCodecs typedCodecs = MessageCodecs.create(TypedTicks.class, List.of());
    MessageCodecs byHandCodecs = MessageCodecs.create(ByHandTicks.class, List.of());
    var generated = Dispatchers.create(new TypedTicks(typed::add), DispatcherMode.GENERATED);
    var fallback = Dispatchers.create(new TypedTicks(typedByteBuddy::add), DispatcherMode.FALLBACK);
    var byHandDispatcher =
        Dispatchers.create(new ByHandTicks(byHand::add), DispatcherMode.GENERATED);
    List<Tick> expected = new ArrayList<>();
    for (int i : new int[] {0, 1, 7, TickFeed.CYCLE - 1}) {
      Message message = Message.text(TickFeed.json(i));
      TypedMessageBenchmark.engineDispatch(typedCodecs, generated, message, scope);
      TypedMessageBenchmark.engineDispatch(typedCodecs, fallback, message, scope);
      TypedMessageBenchmark.engineDispatch(byHandCodecs, byHandDispatcher, message, scope);
      expected.add(ByHandTicks.MAPPER.readValue(TickFeed.json(i), Tick.class));
      assertEquals(TickFeed.ts(i), expected.get(expected.size() - 1).ts());
    }
    assertEquals(expected, typed);
    assertEquals(expected, typedByteBuddy);
    assertEquals(expected, byHand);
  }

  @Test
  void everyBenchmarkMethodRuns() throws Exception {
    TypedMessageBenchmark benchmark = new TypedMessageBenchmark();
    benchmark.setUp(
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous."));
    benchmark.typed();
    benchmark.typedByteBuddy();
    benchmark.byHand();
    assertEquals(TickFeed.ts(3), benchmark.decoderAlone().ts());
    assertEquals(TickFeed.ts(4), benchmark.mapperAlone().ts());
  }
}
