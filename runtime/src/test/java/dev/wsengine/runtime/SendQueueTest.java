package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.SendQueueFullException;
import dev.wsengine.SendTimeoutException;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;

/**
 * Issue 17, non-blocking sends: one bounded outbound queue per session, written in call order,
 * bounded by the send timeout, failed at the session's end. The transport is the kit's in-memory
 * one, whose {@code blockSends} gate is a server that stopped reading.
 */
class SendQueueTest {
  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final List<WebSocketEngine> engines = new ArrayList<>();

  @AfterEach
  void nothingLeftRunning() {
    gate.countDown();
    for (WebSocketEngine engine : engines) {
      engine.stop();
    }
    Engines.assertNoEngineThreads();
  }

  private WebSocketEngine started(WebSocketEngine.Builder builder) throws Exception {
    WebSocketEngine engine = builder.build();
    engines.add(engine);
    engine.start();
    return engine;
  }

  private static Connection connection(WebSocketEngine engine) {
    return engine.connection().orElseThrow();
  }

  /** Waits for a future to fail, at most {@code WAIT}; returns its failure. */
  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    return e.getCause();
  }

  @BothDispatchers
  void blockingAndAsyncSendsAreWrittenInCallOrder(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = started(Engines.builder(mode, handler, transport));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);

    List<CompletableFuture<Void>> async = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      async.add(connection.sendTextAsync("a" + i));
    }
    CompletableFuture<Void> blocking =
        CompletableFuture.runAsync(
            () -> {
              try {
                connection.sendText("last");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    wire.awaitSendBlocked(WAIT);
    assertThat(blocking.isDone()).isFalse();
    gate.countDown();

    blocking.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("a" + i);
      assertThat(async.get(i).isDone()).isTrue(); // written before "last", which waited for them
    }
    expected.add("last");
    assertThat(wire.sentTexts()).containsExactlyElementsIn(expected).inOrder();
  }

  @BothDispatchers
  void sendsFromSeveralThreadsKeepEachThreadsOrder(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = started(Engines.builder(mode, handler, transport));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    int threads = 4;
    int each = 200;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      senders.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  go.await();
                  List<CompletableFuture<Void>> mine = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    String text = thread + ":" + i;
                    if (i % 3 == 0) {
                      connection.sendText(text); // blocking, between async ones
                    } else if (i % 3 == 1) {
                      mine.add(connection.sendTextAsync(text));
                    } else {
                      mine.add(connection.sendAsync(text));
                    }
                  }
                  CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).get();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              runnable -> new Thread(runnable, "test-sender-" + thread).start()));
    }
    go.countDown();
    CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

    List<String> sent = wire.sentTexts();
    assertThat(sent).hasSize(threads * each);
    int[] next = new int[threads];
    for (String text : sent) {
      int thread = Integer.parseInt(text.substring(0, text.indexOf(':')));
      int i = Integer.parseInt(text.substring(text.indexOf(':') + 1));
      assertThat(i).isEqualTo(next[thread]);
      next[thread]++;
    }
  }

  @BothDispatchers
  void aFullQueueRefusesTheSendAtOnceAndDropsNothing(DispatcherMode mode) throws Exception {
    WebSocketEngine engine =
        started(Engines.builder(mode, handler, transport).sendQueue(3, 1 << 20));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);
    CompletableFuture<Void> first = connection.sendTextAsync("1");
    wire.awaitSendBlocked(WAIT);
    CompletableFuture<Void> second = connection.sendTextAsync("2");
    CompletableFuture<Void> third = connection.sendBinaryAsync(new byte[] {3});

    CompletableFuture<Void> refused = connection.sendTextAsync("4");
    assertThat(refused.isCompletedExceptionally()).isTrue(); // at once, not at a timeout
    assertThat(failure(refused))
        .hasMessageThat()
        .isEqualTo(
            "send queue full: 3 messages wait to be written, the limit sendQueue maxMessages is 3"
                + " (3 bytes queued)");
    SendQueueFullException blocking =
        assertThrows(SendQueueFullException.class, () -> connection.sendText("5"));
    assertThat(blocking).hasMessageThat().contains("sendQueue maxMessages is 3");

    gate.countDown();
    CompletableFuture.allOf(first, second, third).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(wire.sent()).hasSize(3);
    assertThat(wire.sentTexts()).containsExactly("1", "2").inOrder();
  }

  @BothDispatchers
  void theByteLimitCountsUtf8BytesAndAcceptsABigMessageIntoAnEmptyQueue(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = started(Engines.builder(mode, handler, transport).sendQueue(100, 10));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);
    CompletableFuture<Void> big = connection.sendTextAsync("x".repeat(50)); // alone: accepted
    wire.awaitSendBlocked(WAIT);
    assertThat(failure(connection.sendTextAsync("é")))
        .hasMessageThat()
        .isEqualTo(
            "send queue full: 50 bytes in 1 messages wait to be written; this message of 2 bytes"
                + " would pass the limit sendQueue maxBytes of 10");
    gate.countDown();
    big.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    CompletableFuture<Void> fits = connection.sendTextAsync("é".repeat(5)); // 10 bytes
    fits.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(wire.sentTexts()).containsExactly("x".repeat(50), "é".repeat(5)).inOrder();
  }

  @BothDispatchers
  void aStuckWriteTimesOutOnTheEnginesClockAndAbortsTheConnection(DispatcherMode mode)
      throws Exception {
    VirtualClock clock = new VirtualClock();
    TelemetryRecorder otel = new TelemetryRecorder();
    WebSocketEngine engine =
        started(
            Engines.builder(mode, handler, transport)
                .clock(clock)
                .sendTimeout(Duration.ofSeconds(5))
                .openTelemetry(otel.openTelemetry()));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate); // the server stopped reading

    CompletableFuture<Void> stuck = connection.sendTextAsync("stuck");
    wire.awaitSendBlocked(WAIT);
    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(2));
    CompletableFuture<Void> queued = connection.sendTextAsync("queued"); // deadline 7 s
    CompletableFuture<IOException> blocking =
        CompletableFuture.supplyAsync(
            () -> assertThrows(IOException.class, () -> connection.sendText("blocking")),
            runnable -> new Thread(runnable, "test-sender").start());
    Await.until(
        () -> sum(otel, "wsengine.send.queue.depth") == 3, WAIT, "three messages in the queue");
    assertThat(stuck.isDone()).isFalse();

    clock.advance(Duration.ofSeconds(3)); // the stuck write's deadline

    assertThat(failure(stuck)).isInstanceOf(TimeoutException.class);
    assertThat(failure(stuck))
        .hasMessageThat()
        .isEqualTo(
            "message not written within sendTimeout PT5S: its write was stuck (is the server"
                + " reading?); the connection was aborted");
    wire.awaitAborted(WAIT);
    // Behind a write that was aborted, the others cannot keep their order: closed at once.
    assertThat(failure(queued)).isInstanceOf(ConnectionClosedException.class);
    // The blocking send's message was queued behind too: it fails closed, and its caller is free.
    assertThat(blocking.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ConnectionClosedException.class);
    // The engine sees the session lost; with reconnect never(), it stops.
    Await.until(() -> engine.state() == EngineState.STOPPED, WAIT, "the engine to stop");
    assertThat(sum(otel, "wsengine.send.timeouts")).isEqualTo(1);
    Await.until(() -> sum(otel, "wsengine.send.queue.depth") == 0, WAIT, "the queue emptied");
  }

  @BothDispatchers
  void aMessageThatWaitsInTheQueuePastItsDeadlineTimesOut(DispatcherMode mode) throws Exception {
    VirtualClock clock = new VirtualClock();
    WebSocketEngine engine =
        started(
            Engines.builder(mode, handler, transport)
                .clock(clock)
                .sendTimeout(Duration.ofSeconds(5)));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);
    CompletableFuture<Void> stuck = connection.sendTextAsync("stuck");
    wire.awaitSendBlocked(WAIT);
    CompletableFuture<Void> queued = connection.sendTextAsync("queued"); // same deadline

    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));

    assertThat(failure(queued))
        .hasMessageThat()
        .isEqualTo(
            "message not written within sendTimeout PT5S: it waited in the send queue behind"
                + " messages still being written");
    assertThat(failure(stuck)).isInstanceOf(TimeoutException.class);
    wire.awaitAborted(WAIT);
    assertThat(wire.sentTexts()).isEmpty();
  }

  @BothDispatchers
  void aBlockingSendToAPeerThatStoppedReadingThrowsWithinTheTimeout(DispatcherMode mode)
      throws Exception {
    Duration timeout = Duration.ofMillis(300);
    WebSocketEngine engine =
        started(Engines.builder(mode, handler, transport).sendTimeout(timeout));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CompletableFuture<Void> send =
        CompletableFuture.runAsync(
            () ->
                thrown.set(
                    assertThrows(SendTimeoutException.class, () -> connection.sendText("x"))),
            runnable -> new Thread(runnable, "test-sender").start());
    // The timeout plus a margin for a loaded machine; a send without a timeout would hang here.
    send.get(timeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(thrown.get()).hasCauseThat().isInstanceOf(TimeoutException.class);
    assertThat(thrown.get()).hasMessageThat().contains("within sendTimeout PT0.3S");
    wire.awaitAborted(WAIT);
  }

  @BothDispatchers
  void restartFailsQueuedSendsAtOnceAndTheNextSessionSendsAgain(DispatcherMode mode)
      throws Exception {
    transport.accept().accept();
    // @OnClose holds the supervisor, so the connection stays open (and the write held) until the
    // test has seen the queued send fail.
    CountDownLatch closing = new CountDownLatch(1);
    handler.onClose((status, c, control) -> closing.await());
    WebSocketEngine engine =
        started(
            Engines.builder(mode, handler, transport)
                .reconnect(
                    ReconnectPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1))));
    InMemoryConnection wire = transport.connection(0);
    Connection connection = connection(engine);
    wire.blockSends(gate);
    CompletableFuture<Void> writing = connection.sendTextAsync("writing");
    wire.awaitSendBlocked(WAIT);
    CompletableFuture<Void> queued = connection.sendTextAsync("queued");

    engine.restart();

    // At once: the write in progress is still held by the transport.
    Throwable closed = failure(queued);
    assertThat(wire.sendsBlocked()).isEqualTo(1);
    assertThat(closed).isInstanceOf(ConnectionClosedException.class);
    assertThat(((ConnectionClosedException) closed).status())
        .isEqualTo(CloseStatus.received(1001, "session ended: restart"));
    assertThat(closed).hasCauseThat().hasMessageThat().contains("restart()");
    assertThat(writing.isDone()).isFalse();
    closing.countDown();
    // The supervisor closes the connection, which fails the held write.
    assertThat(failure(writing)).isInstanceOf(ConnectionClosedException.class);

    handler.await("open restart 1", WAIT);
    Await.until(() -> engine.state() == EngineState.RUNNING, WAIT, "RUNNING again");
    connection(engine).sendText("again");
    assertThat(transport.connection(1).sentTexts()).containsExactly("again");
  }

  @BothDispatchers
  void aLostConnectionFailsQueuedSends(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = started(Engines.builder(mode, handler, transport));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);
    CompletableFuture<Void> writing = connection.sendTextAsync("writing");
    wire.awaitSendBlocked(WAIT);
    CompletableFuture<Void> queued = connection.sendBinaryAsync(new byte[] {1, 2});

    wire.serverClose(CloseStatus.of(4000, "bye"));

    Throwable closed = failure(queued);
    assertThat(closed).isInstanceOf(ConnectionClosedException.class);
    assertThat(((ConnectionClosedException) closed).status().code()).isEqualTo(4000);
    assertThat(failure(writing)).isInstanceOf(ConnectionClosedException.class);
    Await.until(() -> engine.state() == EngineState.STOPPED, WAIT, "the engine to stop");
    assertThat(wire.sent()).isEmpty();
  }

  @BothDispatchers
  void stopWithQueuedSendsReturnsWithinTheStopTimeoutAndFailsThem(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine =
        started(
            Engines.builder(mode, handler, transport)
                .stopTimeout(Duration.ofSeconds(5))
                .sendTimeout(Duration.ofHours(1)));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sends.add(connection.sendTextAsync("m" + i));
    }
    wire.awaitSendBlocked(WAIT);

    CompletableFuture<Void> stop =
        CompletableFuture.runAsync(
            engine::stop, runnable -> new Thread(runnable, "test-stop").start());
    // Within the stop timeout (plus a margin): it must not throw EngineStopException either.
    stop.get(Duration.ofSeconds(5).plus(WAIT).toMillis(), TimeUnit.MILLISECONDS);

    for (CompletableFuture<Void> send : sends) {
      assertThat(failure(send)).isInstanceOf(ConnectionClosedException.class);
    }
    assertThat(wire.sent()).isEmpty();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }

  @BothDispatchers
  void aWriteStuckPastTheSessionsEndIsAbortedAfterHalfTheStopTimeout(DispatcherMode mode)
      throws Exception {
    VirtualClock clock = new VirtualClock();
    // @OnClose holds the supervisor, so nothing closes the connection: only the outbox can free
    // the stuck write, and must, long before the hour-long send timeout.
    CountDownLatch closing = new CountDownLatch(1);
    handler.onClose((status, c, control) -> closing.await());
    WebSocketEngine engine =
        started(
            Engines.builder(mode, handler, transport)
                .clock(clock)
                .stopTimeout(Duration.ofMinutes(1))
                .sendTimeout(Duration.ofHours(1)));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);
    CompletableFuture<Void> stuck = connection.sendTextAsync("stuck");
    wire.awaitSendBlocked(WAIT);

    engine.exit();
    handler.await("close none", WAIT);
    assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofSeconds(30));

    assertThat(failure(stuck))
        .hasMessageThat()
        .isEqualTo(
            "message not written: the session ended and its write was still stuck after half the"
                + " stop timeout (PT30S); the connection was aborted");
    wire.awaitAborted(WAIT);
    closing.countDown();
    assertThat(engine.awaitTermination(WAIT)).isTrue();
  }

  @BothDispatchers
  void aSendAfterTheEngineStoppedFailsClosed(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = started(Engines.builder(mode, handler, transport));
    Connection connection = connection(engine);
    engine.stop();
    assertThat(failure(connection.sendTextAsync("late")))
        .isInstanceOf(ConnectionClosedException.class);
    assertThrows(ConnectionClosedException.class, () -> connection.sendText("late"));
  }

  @BothDispatchers
  void aBlockingSendInAFuturesDependentActionOnTheWriterIsRefused(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = started(Engines.builder(mode, handler, transport));
    InMemoryConnection wire = transport.lastConnection();
    Connection connection = connection(engine);
    wire.blockSends(gate);
    CompletableFuture<Void> first = connection.sendTextAsync("first");
    wire.awaitSendBlocked(WAIT);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CompletableFuture<Void> then =
        first.thenRun(
            () -> {
              thrown.set(assertThrows(IllegalStateException.class, () -> connection.sendText("x")));
              var unused = connection.sendTextAsync("from the dependent action");
            });
    gate.countDown();
    then.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(thrown.get()).hasMessageThat().contains("would wait for itself");
    wire.awaitSent(2, WAIT);
    assertThat(wire.sentTexts()).containsExactly("first", "from the dependent action").inOrder();
  }

  @BothDispatchers
  void typedAsyncSendsGoThroughTheEncoders(DispatcherMode mode) throws Exception {
    WebSocketEngine engine =
        started(Engines.builder(mode, handler, transport).codec(new Events.OrderEncoder()));
    InMemoryConnection wire = transport.lastConnection();
    connection(engine)
        .sendAsync(new Events.Order("BTC", 2))
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(wire.sentTexts()).hasSize(1);
    assertThat(wire.sentTexts().get(0)).contains("BTC");
  }

  private static long sum(TelemetryRecorder otel, String name) {
    return TelemetryRecorder.sum(otel.metrics(), name, Attributes.empty());
  }
}
