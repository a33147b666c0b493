package dev.wsengine.benchmarks.dispatch;

import dev.wsengine.Message;
import dev.wsengine.benchmarks.typed.ByHandTicks;
import dev.wsengine.benchmarks.typed.Tick;
import dev.wsengine.benchmarks.typed.TickFeed;
import dev.wsengine.benchmarks.typed.TickJson;
import dev.wsengine.benchmarks.typed.TypedTicks;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.dispatch.Dispatchers;
import dev.wsengine.spi.CallbackScope;
import dev.wsengine.spi.Dispatcher;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 14's comparison, one message at a time: a JSON tick through {@code @OnMessage void
 * tick(Tick)} with the Jackson codec ({@link TypedTicks}) against the same handler taking the
 * {@code String} and calling the same-configured {@code ObjectMapper} by hand ({@link
 * ByHandTicks}). Both go through what the engine's reader does with a message once it has it
 * ({@link #engineDispatch}, the decision and calls of {@code Callbacks.message} without its
 * tracing, which is off by default), so the difference is the codec path: the codec registry, the
 * decoder, and {@code onDecoded}'s type test, against {@code onText}.
 *
 * <p>{@code decoderAlone} and {@code mapperAlone} are the two Jackson calls by themselves (the
 * {@link TickJson} decoder's {@code ObjectReader} against {@code ObjectMapper.readValue}), to tell
 * the engine's share from Jackson's. Run with {@code -prof gc} ({@link JmhMain} adds it) for the
 * bytes allocated per message ({@code gc.alloc.rate.norm}).
 *
 * <p>The messages cycle through {@link TickFeed}'s {@value TickFeed#CYCLE} distinct texts; the
 * handlers hand each {@link Tick} to a blackhole, so nothing is dead code and the tick is
 * allocated. JMH forks per benchmark, so each call site sees one handler class, as the engine's
 * does. Five forks, because forks differ more than iterations do: in some, whichever the contender,
 * escape analysis removes 64 bytes of Jackson's per message, in others not.
 *
 * <p>This copy of the engine's dispatch is small, so the JIT inlines all of it, more than it does
 * in the engine's reader loop: an object that escapes there may not here. The end-to-end {@code
 * json} scenario measures the engine's own code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(5)
public class TypedMessageBenchmark {
  private Message[] messages;
  private int next;
  private CallbackScope scope;
  private MessageCodecs typedCodecs;
  private MessageCodecs byHandCodecs;
  private Dispatcher<TypedTicks> typed;
  private Dispatcher<TypedTicks> typedByteBuddy;
  private Dispatcher<ByHandTicks> byHand;
  private TickJson decoder;

  @Setup
  public void setUp(Blackhole sink) {
    messages = new Message[TickFeed.CYCLE];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = Message.text(TickFeed.json(i));
    }
    scope = new MessageScope(new StubConnection());
    // As the engine builds them for these handler classes, with no codecs given to the builder.
    typedCodecs = MessageCodecs.create(TypedTicks.class, List.of());
    byHandCodecs = MessageCodecs.create(ByHandTicks.class, List.of());
    if (!typedCodecs.decodesText() || byHandCodecs != MessageCodecs.NONE) {
      throw new IllegalStateException("TypedTicks must decode text and ByHandTicks must not");
    }
    typed = Dispatchers.create(new TypedTicks(sink::consume), DispatcherMode.GENERATED);
    typedByteBuddy = Dispatchers.create(new TypedTicks(sink::consume), DispatcherMode.FALLBACK);
    byHand = Dispatchers.create(new ByHandTicks(sink::consume), DispatcherMode.GENERATED);
    DispatchBenchmark.check(typed, "TypedTicks_Dispatcher");
    DispatchBenchmark.check(typedByteBuddy, "$WsengineDispatcher$");
    DispatchBenchmark.check(byHand, "ByHandTicks_Dispatcher");
    decoder = new TickJson();
  }

  private Message next() {
    return messages[next++ & (TickFeed.CYCLE - 1)];
  }

  /**
   * What the engine's reader does with a message ({@code Callbacks.message}, tracing off): decode
   * it if a decoder is there for its kind, hand the object to {@code onDecoded}, else the raw
   * message to {@code onText}/{@code onBinary}. Kept in step with the engine by hand.
   */
  static void engineDispatch(
      MessageCodecs codecs, Dispatcher<?> dispatcher, Message message, CallbackScope scope)
      throws Exception {
    Object decoded = null;
    if (message.isText() ? codecs.decodesText() : codecs.decodesBinary()) {
      decoded =
          message.isText()
              ? codecs.decodeText(message.text())
              : codecs.decodeBinary(message.binary());
    }
    if (decoded != null && dispatcher.onDecoded(decoded, scope)) {
      return;
    }
    if (message.isText() && dispatcher.acceptsText()) {
      dispatcher.onText(message.text(), scope);
    } else if (!message.isText() && dispatcher.acceptsBinary()) {
      dispatcher.onBinary(message.binary(), scope);
    } else {
      throw new IllegalStateException("unhandled " + message);
    }
  }

  /** {@code @OnMessage void tick(Tick)}, the generated dispatcher, the Jackson codec. */
  @Benchmark
  public void typed() throws Exception {
    engineDispatch(typedCodecs, typed, next(), scope);
  }

  /** The same through the Byte Buddy fallback dispatcher. */
  @Benchmark
  public void typedByteBuddy() throws Exception {
    engineDispatch(typedCodecs, typedByteBuddy, next(), scope);
  }

  /** {@code @OnMessage void text(String)} calling {@code mapper.readValue(text, Tick.class)}. */
  @Benchmark
  public void byHand() throws Exception {
    engineDispatch(byHandCodecs, byHand, next(), scope);
  }

  /** The codec's Jackson call alone: {@link TickJson#decode}. */
  @Benchmark
  public Tick decoderAlone() throws Exception {
    return decoder.decode(next().text());
  }

  /** The by-hand Jackson call alone: {@code ObjectMapper.readValue(text, Tick.class)}. */
  @Benchmark
  public Tick mapperAlone() throws Exception {
    return ByHandTicks.MAPPER.readValue(next().text(), Tick.class);
  }
}
