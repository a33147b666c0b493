package dev.wsengine.benchmarks.dispatch;

import dev.wsengine.Connection;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.internal.dispatch.Dispatchers;
import dev.wsengine.spi.CallbackScope;
import dev.wsengine.spi.Dispatcher;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * The cost of one {@code @OnMessage(String, Connection)} call, by the ways it can be made: a direct
 * call (the floor), the processor's dispatcher and the Byte Buddy fallback (what the engine uses;
 * both go through the {@link Dispatcher} interface and the scope, as the engine does), {@link
 * Method#invoke} (what Tyrus's annotated endpoints do, an argument array per call) and a method
 * handle, constant ({@code static final}) and not (a field).
 *
 * <p>Every input is a non-final field of the state, so nothing folds to a constant; the handler
 * hands both arguments to a blackhole, so nothing is dead code. JMH forks per benchmark, so each
 * call site sees one receiver class, as the engine's does with one handler class.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DispatchBenchmark {
  private static final MethodHandle STATIC_HANDLE;

  static {
    try {
      STATIC_HANDLE =
          MethodHandles.lookup()
              .findVirtual(
                  BenchHandler.class,
                  "text",
                  MethodType.methodType(void.class, String.class, Connection.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private BenchHandler handler;
  private String message;
  private Connection connection;
  private CallbackScope scope;
  private Dispatcher<BenchHandler> generated;
  private Dispatcher<BenchHandler> byteBuddy;
  private Method method;
  private MethodHandle handle;

  @Setup
  public void setUp(Blackhole sink) throws ReflectiveOperationException {
    handler = new BenchHandler(sink);
    message = "x".repeat(64);
    connection = new StubConnection();
    scope = new MessageScope(connection);
    generated = Dispatchers.create(handler, DispatcherMode.GENERATED);
    byteBuddy = Dispatchers.create(handler, DispatcherMode.FALLBACK);
    check(generated, "BenchHandler_Dispatcher");
    check(byteBuddy, "$WsengineDispatcher$");
    method = BenchHandler.class.getMethod("text", String.class, Connection.class);
    handle = STATIC_HANDLE;
  }

  static void check(Dispatcher<?> dispatcher, String nameContains) {
    if (!dispatcher.getClass().getName().contains(nameContains)) {
      throw new IllegalStateException(
          "expected a dispatcher named *" + nameContains + "*; got " + dispatcher.getClass());
    }
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

  @Benchmark
  public void methodHandleStaticFinal() throws Throwable {
    STATIC_HANDLE.invokeExact(handler, message, connection);
  }

  @Benchmark
  public void methodHandleField() throws Throwable {
    handle.invokeExact(handler, message, connection);
  }
}
