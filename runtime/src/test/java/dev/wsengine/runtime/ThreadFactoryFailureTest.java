package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * A user's thread factory that fails (it throws, or returns null) for one of the engine's pool
 * threads, or a user's executor that refuses a task: start() fails with the error, whatever was
 * opened is let go, and nothing is left running; later, the engine stops instead of losing its
 * reads. And stop() waits for the factory's threads themselves, not only for the engine's work on
 * them.
 */
class ThreadFactoryFailureTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final RecordingThreadFactory threads = new RecordingThreadFactory();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void nothingLeftRunning() {
    release.countDown();
    Engines.assertNoEngineThreads();
  }

  private WebSocketEngine.Builder builder(DispatcherMode mode) {
    return Engines.builder(mode, handler, transport).threadFactory(threads);
  }

  @BothDispatchers
  void noThreadAtAllFailsStartAndALaterStartWorks(DispatcherMode mode) throws Exception {
    IllegalStateException refused = new IllegalStateException("thread limit reached");
    threads.failOnceFor("worker-1", refused); // the pool's first thread: the open attempt's task
    WebSocketEngine engine = builder(mode).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().isEqualTo("could not start a thread for ws://127.0.0.1:9/test");
    assertThat(e).hasCauseThat().isSameInstanceAs(refused);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.dialCount()).isEqualTo(0);

    engine.start(); // the factory works again
    try {
      assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
      assertThat(handler.events()).containsExactly("open first");
      transport.lastConnection().pushText("still reads");
      handler.await("text still reads", WAIT);
    } finally {
      engine.stop();
    }
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @BothDispatchers
  void factoryReturningNullFailsStartNamingTheFactory(DispatcherMode mode) {
    threads.returnNullOnceFor("worker-1");
    WebSocketEngine engine = builder(mode).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().isEqualTo("could not start a thread for ws://127.0.0.1:9/test");
    assertThat(e).hasCauseThat().isInstanceOf(IllegalStateException.class);
    assertThat(e)
        .hasCauseThat()
        .hasMessageThat()
        .isEqualTo("the engine's thread factory returned null");
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @BothDispatchers
  void noThreadForTheOpenTimeoutFailsStartBeforeDialling(DispatcherMode mode) {
    IllegalStateException refused = new IllegalStateException("thread limit reached");
    // The timer runs the open timeout's wake-up; it is armed before the attempt's task starts.
    threads.failOnceFor("timer", refused);
    WebSocketEngine engine = builder(mode).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().isEqualTo("could not start a thread for ws://127.0.0.1:9/test");
    assertThat(e).hasCauseThat().isSameInstanceAs(refused);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(transport.dialCount()).isEqualTo(0);
    assertThat(handler.events()).isEmpty();
    assertThat(threads.uncaught()).isEmpty();
  }

  @BothDispatchers
  void executorRefusingTheFirstReaderFailsStartAndAbortsTheOpenedConnection(DispatcherMode mode) {
    RejectedExecutionException refused = new RejectedExecutionException("queue full");
    // Tasks: the open attempt (which starts the session's pump when @OnOpen returns), then the
    // first reader.
    RefusingExecutor executor = new RefusingExecutor(2, refused);
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).executor(executor).readers(2).build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasMessageThat().isEqualTo("engine failed while starting");
    assertThat(e).hasCauseThat().isSameInstanceAs(refused);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    InMemoryConnection connection = transport.connection(0);
    // A session the engine cannot serve is dropped without callbacks: @OnOpen ran, no @OnClose.
    assertThat(connection.aborted()).isTrue();
    assertThat(connection.closeCalls()).isEmpty();
    assertThat(handler.events()).containsExactly("open first");
    executor.close();
  }

  @BothDispatchers
  void executorRefusingAReaderLaterStopsTheEngineAfterItsOnClose(DispatcherMode mode)
      throws Exception {
    RejectedExecutionException refused = new RejectedExecutionException("queue full");
    RefusingExecutor executor = new RefusingExecutor(Integer.MAX_VALUE, refused);
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).executor(executor).readers(1).build();
    engine.start();
    // The reader polled nothing, asked to be woken, and left: the next task is that wake-up's.
    InMemoryConnection connection = transport.lastConnection();
    Await.until(connection::readListenerWaiting, WAIT, "the reader to wait for a message");
    Engines.awaitNoBusyEngineThreads();
    executor.refuseNext();

    connection.pushText("no thread for this");

    // Not silently stuck: the engine cannot read, so it ends the session properly and stops.
    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.events()).containsExactly("open first", "close none").inOrder();
    executor.close();
  }

  @BothDispatchers
  void stopWaitsForThePoolThreadsThemselvesToEnd(DispatcherMode mode) throws Exception {
    threads.lingerAfterTask("worker-1", release);
    WebSocketEngine engine = builder(mode).stopTimeout(Duration.ofMillis(200)).build();
    engine.start();

    EngineStopException e = assertThrows(EngineStopException.class, engine::stop);

    assertThat(e)
        .hasMessageThat()
        .startsWith("engine did not stop within stopTimeout PT0.2S; still running: ");
    assertThat(e).hasMessageThat().contains(threads.thread("worker-1").getName());
    // The engine's work ends, but the factory still runs code on the pool's first thread, and
    // until that returns the engine has not terminated.
    Await.until(() -> engine.state() == EngineState.STOPPED, WAIT, "the engine to stop");
    assertThat(engine.awaitTermination(Duration.ofMillis(1))).isFalse();
    assertThat(threads.thread("worker-1").isAlive()).isTrue();
    assertThat(handler.events()).containsExactly("open first", "close none").inOrder();

    release.countDown();
    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(threads.thread("worker-1").isAlive()).isFalse();
  }

  /**
   * A cached pool of daemon threads that refuses the {@code refuseTask}-th task, and the next one
   * after {@link #refuseNext}.
   */
  private static final class RefusingExecutor implements Executor, AutoCloseable {
    private final ExecutorService pool =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "wsengine-test-executor");
              thread.setDaemon(true);
              return thread;
            });
    private final AtomicInteger tasks = new AtomicInteger();
    private final int refuseTask;
    private final RejectedExecutionException refusal;
    private final AtomicBoolean refuseNext = new AtomicBoolean();

    RefusingExecutor(int refuseTask, RejectedExecutionException refusal) {
      this.refuseTask = refuseTask;
      this.refusal = refusal;
    }

    void refuseNext() {
      refuseNext.set(true);
    }

    @Override
    public void execute(Runnable task) {
      if (tasks.incrementAndGet() == refuseTask || refuseNext.getAndSet(false)) {
        throw refusal;
      }
      pool.execute(task);
    }

    @Override
    public void close() {
      pool.shutdown();
    }
  }
}
