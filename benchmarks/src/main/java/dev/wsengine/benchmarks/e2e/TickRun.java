package dev.wsengine.benchmarks.e2e;

import dev.wsengine.benchmarks.typed.ByHandTicks;
import dev.wsengine.benchmarks.typed.Tick;
import dev.wsengine.benchmarks.typed.TickFeed;
import dev.wsengine.benchmarks.typed.TypedTicks;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One run of the typed-messages scenario: the engine (one reader, no tracing, as {@link
 * EngineContender#plain}) receives {@code ticks N} from the server, either typed ({@link
 * TypedTicks}: {@code @OnMessage void tick(Tick)}, decoded by the Jackson codec) or by hand ({@link
 * ByHandTicks}: {@code @OnMessage void text(String)} calling {@code ObjectMapper.readValue}).
 *
 * <p>Besides the rate, it measures on the reader thread, where decoding and the handler run, the
 * bytes allocated ({@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes}) and the
 * CPU time ({@code getCurrentThreadCpuTime}) from the first tick to the last, per tick. That covers
 * everything the reader does per message (taking it from the transport, decoding, dispatching, the
 * handler), which is the same code for both but for the decoding; the text itself is made on the
 * transport's thread (Tyrus's or the JDK's), the same way for both, and is not counted.
 */
final class TickRun {
  /** The two ways of reading the ticks. */
  enum Kind {
    TYPED("typed @OnMessage(Tick), JsonDecoder"),
    BY_HAND("by hand: @OnMessage(String) + ObjectMapper.readValue");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private TickRun() {}

  /**
   * Receives {@code count} ticks and returns {msg/s, bytes per tick, CPU ns per tick}.
   *
   * @throws IllegalStateException if the ticks did not add up (a decoding went wrong) or went to
   *     more than one thread
   */
  static double[] run(Kind kind, TransportKind transport, URI uri, int count, Duration timeout)
      throws Exception {
    if (count < 2) {
      throw new IllegalArgumentException("ticks must be at least 2; got " + count);
    }
    Meter meter = new Meter(count);
    Object handler = kind == Kind.TYPED ? new TypedTicks(meter) : new ByHandTicks(meter);
    WebSocketEngine engine =
        WebSocketEngine.builder(uri, handler)
            .transport(transport.transport())
            .readers(1)
            .openTelemetry(OpenTelemetry.noop())
            .reconnect(ReconnectPolicy.never())
            .stopTimeout(Duration.ofSeconds(30))
            .build();
    engine.start();
    try {
      long start = System.nanoTime();
      EngineContender.connection(engine).sendText("ticks " + count);
      if (!meter.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException(
            kind.label + ": not all of " + count + " ticks within " + timeout);
      }
      double rate = count * 1e9 / (System.nanoTime() - start);
      return meter.result(rate, kind);
    } finally {
      engine.stop();
    }
  }

  /**
   * The handler's sink. Called from the engine's one reader thread, so its fields need no lock;
   * {@link #done} publishes them to the benchmark's thread.
   */
  private static final class Meter implements Consumer<Tick> {
    final CountDownLatch done = new CountDownLatch(1);
    private final long count;
    private long received;
    private long tsSum;
    private Thread reader;
    private boolean oneThread = true;
    private long firstBytes;
    private long firstCpu;
    private long lastBytes;
    private long lastCpu;

    Meter(long count) {
      this.count = count;
    }

    @Override
    public void accept(Tick tick) {
      long n = ++received;
      tsSum += tick.ts();
      if (n == 1) {
        reader = Thread.currentThread();
        firstCpu = THREADS.getCurrentThreadCpuTime();
        firstBytes = THREADS.getCurrentThreadAllocatedBytes();
      } else if (reader != Thread.currentThread()) {
        oneThread = false;
      }
      if (n == count) {
        lastBytes = THREADS.getCurrentThreadAllocatedBytes();
        lastCpu = THREADS.getCurrentThreadCpuTime();
        done.countDown();
      }
    }

    double[] result(double rate, Kind kind) {
      if (!oneThread) {
        throw new IllegalStateException(kind.label + ": the ticks went to more than one thread");
      }
      if (tsSum != TickFeed.tsSum(count)) {
        throw new IllegalStateException(
            kind.label + ": the ticks' ts add up to " + tsSum + ", not " + TickFeed.tsSum(count));
      }
      return new double[] {
        rate,
        (lastBytes - firstBytes) / (double) (count - 1),
        (lastCpu - firstCpu) / (double) (count - 1)
      };
    }
  }
}
