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
import java.util.HashMap;
import java.util.Map;
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
 * <p>Besides the rate, it measures on the threads where decoding and the handler run, the bytes
 * allocated ({@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes}) and the CPU
 * time ({@code getCurrentThreadCpuTime}) from the first tick to the last, per tick. That covers
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
   * @throws IllegalStateException if the ticks did not add up (a decoding went wrong)
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

    /**
     * Per thread that processed ticks: its allocated bytes and CPU time at its first tick and at
     * its latest. With {@code readers(1)} the ticks are processed one after the other, but not
     * always on the same pool thread (a worker that finds nothing to read ends), so each thread's
     * share is measured on it and the shares are added up.
     */
    private final Map<Thread, long[]> perThread = new HashMap<>();

    Meter(long count) {
      this.count = count;
    }

    @Override
    public synchronized void accept(Tick tick) {
      long n = ++received;
      tsSum += tick.ts();
      long bytes = THREADS.getCurrentThreadAllocatedBytes();
      long cpu = THREADS.getCurrentThreadCpuTime();
      long[] figures = perThread.get(Thread.currentThread());
      if (figures == null) {
        perThread.put(Thread.currentThread(), new long[] {bytes, cpu, bytes, cpu});
      } else {
        figures[2] = bytes;
        figures[3] = cpu;
      }
      if (n == count) {
        done.countDown();
      }
    }

    synchronized double[] result(double rate, Kind kind) {
      if (tsSum != TickFeed.tsSum(count)) {
        throw new IllegalStateException(
            kind.label + ": the ticks' ts add up to " + tsSum + ", not " + TickFeed.tsSum(count));
      }
      long bytes = 0;
      long cpu = 0;
      for (long[] figures : perThread.values()) {
        bytes += figures[2] - figures[0];
        cpu += figures[3] - figures[1];
      }
      // Each thread's first tick is not counted (it is where the measure starts): count - threads.
      long measured = Math.max(1, count - perThread.size());
      return new double[] {rate, bytes / (double) measured, cpu / (double) measured};
    }
  }
}
