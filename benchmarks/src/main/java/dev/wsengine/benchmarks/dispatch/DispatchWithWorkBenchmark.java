package dev.wsengine.benchmarks.dispatch;

import dev.wsengine.Connection;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.internal.dispatch.Dispatchers;
import dev.wsengine.spi.CallbackScope;
import dev.wsengine.spi.Dispatcher;
import java.lang.reflect.Method;
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
 * {@link DispatchBenchmark}'s contenders calling a handler with a small body ({@link
 * WorkingHandler}): the same fixed dispatch overhead, seen against a callback that does something.
 * The message is built at setup from a non-constant source, so the sum cannot be folded.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DispatchWithWorkBenchmark {
  private WorkingHandler handler;
  private String message;
  private Connection connection;
  private CallbackScope scope;
  private Dispatcher<WorkingHandler> generated;
  private Dispatcher<WorkingHandler> byteBuddy;
  private Method method;

  @Setup
  public void setUp(Blackhole sink) throws ReflectiveOperationException {
    handler = new WorkingHandler(sink);
    message = Long.toHexString(System.nanoTime()).repeat(8).substring(0, 64);
    connection = new StubConnection();
    scope = new MessageScope(connection);
    generated = Dispatchers.create(handler, DispatcherMode.GENERATED);
    byteBuddy = Dispatchers.create(handler, DispatcherMode.FALLBACK);
    DispatchBenchmark.check(generated, "WorkingHandler_Dispatcher");
    DispatchBenchmark.check(byteBuddy, "$WsengineDispatcher$");
    method = WorkingHandler.class.getMethod("text", String.class, Connection.class);
  }

  @Benchmark
  public void direct() {
    handler.text(message, connection);
  }

  @Benchmark
  public void generated() throws Exception {
    generated.onText(message, scope);
  }

  @Benchmark
  public void byteBuddy() throws Exception {
    byteBuddy.onText(message, scope);
  }

  @Benchmark
  public void reflection() throws ReflectiveOperationException {
    method.invoke(handler, message, connection);
  }
}
