package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.wsengine.runtime.Engines.WAIT;
import static dev.wsengine.runtime.PromptnessTest.PROMPT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Connection;
import dev.wsengine.Message;
import dev.wsengine.Pause;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.Seeds;
import dev.wsengine.testing.ThreadCounts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;

/**
 * DESIGN.md "pause()": prompt on a silent connection, readers held while it is open, {@code
 * receive} for the holder only, nothing lost or reordered, safe from inside {@code @OnMessage} and
 * {@code @OnReadError}, and the edges of its life (idempotent close, nesting, stop).
 *
 * <p>The holder is a {@link TestThread}, so that every pause and receive has a deadline and a pause
 * taken in one step is still held by the same thread in the next.
 */
@SuppressWarnings("try") // Stopping
class PauseTest {
  /** What the engine says when {@code receive} is called without holding an open pause. */
  private static final String RECEIVE_WITHOUT_PAUSE =
      "receive() needs the connection to itself: call it on the thread that holds an open Pause"
          + " (try (Pause p = control.pause()) { ... })";

  /** How long a receive waits when the test expects nothing to arrive. */
  private static final Duration NOTHING = Duration.ofMillis(20);

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();
  private final TestThread holder = new TestThread("test-pause-holder");
  private final TestThread other = new TestThread("test-other");

  @AfterEach
  void nothingLeftRunningAndNoReadsOverlapped() {
    holder.close();
    other.close();
    Engines.assertNoEngineThreads();
    for (InMemoryConnection connection : transport.connections()) {
      assertThat(connection.concurrentReadViolations()).isEmpty();
      assertThat(connection.concurrentReads()).isEqualTo(0);
    }
  }

  // ---------------------------------------------------------------- prompt, holds, receive, resume

  @BothDispatchers
  void pauseOnASilentConnectionReturnsPromptlyWithOneReaderAndHoldsTheReadersUntilClosed(
      DispatcherMode mode) throws Exception {
    pauseOnASilentConnectionHoldsTheReadersUntilClosed(mode, 1);
  }

  @BothDispatchers
  void pauseOnASilentConnectionReturnsPromptlyWithFourReadersAndHoldsTheReadersUntilClosed(
      DispatcherMode mode) throws Exception {
    pauseOnASilentConnectionHoldsTheReadersUntilClosed(mode, 4);
  }

  private void pauseOnASilentConnectionHoldsTheReadersUntilClosed(DispatcherMode mode, int readers)
      throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(readers).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);

      Pause pause = holder.call(PROMPT, "pause()", engine::pause);

      // The reader that was parked in read() has left it, and no reader is reading.
      assertThat(server.readersBlocked()).isEqualTo(0);
      int readsBefore = server.readCount();

      server.pushText("for the holder");
      assertThat(holder.call(PROMPT, "receive", () -> connection.receive(WAIT)))
          .hasValue(Message.text("for the holder"));
      assertThat(holder.call(PROMPT, "receive of nothing", () -> connection.receive(NOTHING)))
          .isEmpty();
      // Only the holder's two receives read while the pause was held.
      assertThat(server.readCount()).isEqualTo(readsBefore + 2);
      assertThat(handler.events()).containsExactly("open first");

      holder.run(PROMPT, "close the pause", pause::close);

      server.pushText("for the readers");
      handler.await("text for the readers", PROMPT);
      assertThat(handler.events()).containsExactly("open first", "text for the readers").inOrder();
    }
  }

  @BothDispatchers
  void receiveWithoutHoldingAPauseThrowsIllegalStateException(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      Connection connection = handler.lastConnection();

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> connection.receive(NOTHING));

      assertThat(e).hasMessageThat().isEqualTo(RECEIVE_WITHOUT_PAUSE);
    }
  }

  @BothDispatchers
  void receiveAfterThePauseIsClosedThrowsIllegalStateException(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      Connection connection = handler.lastConnection();
      Pause pause = holder.call(PROMPT, "pause()", engine::pause);
      holder.run(PROMPT, "close the pause", pause::close);

      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> holder.call(PROMPT, "receive", () -> connection.receive(NOTHING)));

      assertThat(e).hasMessageThat().isEqualTo(RECEIVE_WITHOUT_PAUSE);
    }
  }

  @BothDispatchers
  void receiveOnAnotherThreadThanTheHolderThrowsIllegalStateExceptionAndTakesNothing(
      DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);
      Pause pause = holder.call(PROMPT, "pause()", engine::pause);
      server.pushText("kept");

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> connection.receive(NOTHING));

      assertThat(e).hasMessageThat().isEqualTo(RECEIVE_WITHOUT_PAUSE);
      assertThat(holder.call(PROMPT, "receive", () -> connection.receive(WAIT)))
          .hasValue(Message.text("kept"));
      holder.run(PROMPT, "close the pause", pause::close);
      server.pushText("after");
      handler.await("text after", PROMPT);
      assertThat(handler.events()).containsExactly("open first", "text after").inOrder();
    }
  }

  // ---------------------------------------------------------------- nothing lost or reordered

  private static final int MESSAGES = 2_000;
  private static final int SEEDS = 20;

  /**
   * A producer pushes 0..1999 while the holder pauses over and over, takes 0 to 3 messages itself
   * each time, and lets the single reader go on in between. Every message ends up exactly once
   * either dispatched or received, each stream in increasing order. The producer pushes in bursts
   * and waits for each burst to be consumed, so the pauses meet the reader in every state: parked
   * in read on an empty queue, reading a queued message, dispatching. Each of {@link #SEEDS} seeds
   * fixes the burst and pause sizes; a failure names its seed ({@link Seeds}).
   */
  @BothDispatchers
  void pausesAmidAFastProducerLoseAndReorderNothing(DispatcherMode mode) throws Exception {
    List<Tally> tallies = new ArrayList<>();
    Seeds.forEach(SEEDS, seed -> tallies.add(runPausesAgainstAProducer(mode, seed)));
    long takenTotal = tallies.stream().mapToLong(tally -> tally.taken().size()).sum();
    long dispatchedTotal = tallies.stream().mapToLong(tally -> tally.dispatched().size()).sum();
    // Guards the test itself: both paths were exercised (over all seeds; one replayed seed alone
    // may take nothing itself).
    if (tallies.size() == SEEDS) {
      assertThat(takenTotal).isGreaterThan(0);
      assertThat(dispatchedTotal).isGreaterThan(0);
    }
  }

  private static Tally runPausesAgainstAProducer(DispatcherMode mode, long seed) throws Exception {
    String where = mode + ": ";
    InMemoryTransport transport = new InMemoryTransport();
    RecordingHandler handler = new RecordingHandler();
    Tally tally = new Tally();
    handler.onText(
        (text, connection, control) -> {
          tally.dispatched(Integer.parseInt(text));
          return null;
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(1).build();
    Random random = new Random(seed);
    engine.start();
    // Resources close in reverse: the engine stops first, which also frees a thread stuck in it.
    try (TestThread pauser = new TestThread("test-pauser");
        TestThread producer = new TestThread("test-producer");
        Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);

      long producerSeed = random.nextLong();
      Future<Object> produced =
          producer.submit(
              () -> {
                produce(server, tally, producerSeed);
                return null;
              });

      pauser.run(
          WAIT,
          where + "pausing until every message was dispatched or received",
          () -> {
            while (tally.total() < MESSAGES) {
              int before = tally.dispatchedCount();
              try (Pause pause = engine.pause()) {
                int want = random.nextInt(4);
                for (int i = 0; i < want; i++) {
                  Optional<Message> message = connection.receive(Duration.ofMillis(1));
                  if (message.isEmpty()) {
                    break;
                  }
                  tally.taken(Integer.parseInt(message.get().text()));
                }
              }
              // Give the reader a turn: until it dispatched something, or briefly if idle.
              tally.awaitDispatchedMoreThan(before, TimeUnit.MILLISECONDS.toNanos(1));
            }
          });
      produced.get(WAIT.toNanos(), TimeUnit.NANOSECONDS);

      // Everything was consumed and the reader is parked again: nothing more can arrive.
      server.awaitReaderBlocked(WAIT);
      List<Integer> dispatched = tally.dispatched();
      List<Integer> taken = tally.taken();
      List<Integer> all = new ArrayList<>(dispatched);
      all.addAll(taken);
      Collections.sort(all);
      assertWithMessage(where + "every message once, dispatched or received")
          .that(all)
          .containsExactlyElementsIn(IntStream.range(0, MESSAGES).boxed().toList())
          .inOrder();
      assertWithMessage(where + "dispatched in order").that(dispatched).isInStrictOrder();
      assertWithMessage(where + "received in order").that(taken).isInStrictOrder();
      assertWithMessage(where + "no read errors")
          .that(handler.events(e -> e.startsWith("read error")))
          .isEmpty();
      assertWithMessage(where + "overlapping reads")
          .that(server.concurrentReadViolations())
          .isEmpty();
    }
    ThreadCounts.awaitNoThreads("wsengine-", WAIT);
    return tally;
  }

  /** Pushes 0..MESSAGES-1 in bursts of 1 to 16, waiting after each burst until it was consumed. */
  private static void produce(InMemoryConnection server, Tally tally, long seed) {
    Random random = new Random(seed);
    int next = 0;
    while (next < MESSAGES) {
      int end = Math.min(MESSAGES, next + 1 + random.nextInt(16));
      for (; next < end; next++) {
        server.pushText(Integer.toString(next));
      }
      tally.awaitTotal(next, WAIT);
    }
  }

  /** Messages dispatched to the handler and received by the pause holder, each in its order. */
  private static final class Tally {
    private final List<Integer> dispatched = new ArrayList<>();
    private final List<Integer> taken = new ArrayList<>();

    synchronized void dispatched(int message) {
      dispatched.add(message);
      notifyAll();
    }

    synchronized void taken(int message) {
      taken.add(message);
      notifyAll();
    }

    synchronized int total() {
      return dispatched.size() + taken.size();
    }

    synchronized int dispatchedCount() {
      return dispatched.size();
    }

    synchronized List<Integer> dispatched() {
      return List.copyOf(dispatched);
    }

    synchronized List<Integer> taken() {
      return List.copyOf(taken);
    }

    /** Waits until at least {@code n} messages were consumed; fails after {@code timeout}. */
    synchronized void awaitTotal(int n, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (total() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "timed out waiting for "
                  + n
                  + " messages consumed; dispatched "
                  + dispatched.size()
                  + ", received "
                  + taken.size());
        }
        waitNanos(left);
      }
    }

    /** Waits until more than {@code n} were dispatched, or {@code nanos} passed. */
    synchronized void awaitDispatchedMoreThan(int n, long nanos) {
      long deadline = System.nanoTime() + nanos;
      while (dispatched.size() <= n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        waitNanos(left);
      }
    }

    private void waitNanos(long nanos) {
      try {
        TimeUnit.NANOSECONDS.timedWait(this, nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  // ---------------------------------------------------------------- from inside callbacks

  @BothDispatchers
  void pauseInsideOnMessageWithOneReaderLetsTheHandlerReceiveTheResponseItself(DispatcherMode mode)
      throws Exception {
    pauseInsideOnMessageLetsTheHandlerReceiveTheResponseItself(mode, 1);
  }

  @BothDispatchers
  void pauseInsideOnMessageWithFourReadersLetsTheHandlerReceiveTheResponseItself(
      DispatcherMode mode) throws Exception {
    pauseInsideOnMessageLetsTheHandlerReceiveTheResponseItself(mode, 4);
  }

  private void pauseInsideOnMessageLetsTheHandlerReceiveTheResponseItself(
      DispatcherMode mode, int readers) throws Exception {
    List<String> responses = Collections.synchronizedList(new ArrayList<>());
    handler.onText(
        (text, connection, control) -> {
          if (!text.equals("request")) {
            return null;
          }
          try (Pause pause = control.pause()) {
            connection.sendText("question");
            Optional<Message> response = connection.receive(WAIT);
            responses.add(response.map(Message::text).orElse("(nothing within " + WAIT + ")"));
          }
          return "thanks";
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(readers).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      server.awaitReaderBlocked(WAIT);

      server.pushText("request");
      server.awaitSent(1, PROMPT);
      server.pushText("response");
      server.awaitSent(2, PROMPT);

      assertThat(responses).containsExactly("response");
      assertThat(server.sentTexts()).containsExactly("question", "thanks").inOrder();
      server.pushText("after");
      handler.await("text after", PROMPT);
      assertThat(handler.events())
          .containsExactly("open first", "text request", "text after")
          .inOrder();
    }
  }

  @BothDispatchers
  void pauseInsideOnReadErrorReturnsAtOnceAndReceiveWorksThere(DispatcherMode mode)
      throws Exception {
    CountDownLatch paused = new CountDownLatch(1);
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    handler.onReadError(
        (error, connection, control) -> {
          try (Pause pause = control.pause()) { // this reader holds the read permit already
            paused.countDown();
            received.add(connection.receive(WAIT).map(Message::text).orElse("(nothing)"));
          }
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      server.awaitReaderBlocked(WAIT);

      server.pushReadError(new IOException("boom"));
      assertThat(paused.await(PROMPT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
      server.pushText("inside");
      awaitSize(received, 1, PROMPT);

      assertThat(received).containsExactly("inside");
      server.pushText("after");
      handler.await("text after", PROMPT);
      assertThat(handler.events())
          .containsExactly("open first", "read error IOException: boom", "text after")
          .inOrder();
    }
  }

  /** An exception from {@code @OnMessage} reaches {@code @OnReadError} without the permit held. */
  @BothDispatchers
  void pauseInsideOnReadErrorForAnOnMessageExceptionWaitsItsTurnAndReceiveWorksThere(
      DispatcherMode mode) throws Exception {
    CountDownLatch paused = new CountDownLatch(1);
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    handler.onText(
        (text, connection, control) -> {
          if (text.equals("fail")) {
            throw new IllegalStateException("handler failed");
          }
          return null;
        });
    handler.onReadError(
        (error, connection, control) -> {
          try (Pause pause = control.pause()) { // waits for the reader parked in read
            paused.countDown();
            received.add(connection.receive(WAIT).map(Message::text).orElse("(nothing)"));
          }
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      server.awaitReaderBlocked(WAIT);

      server.pushText("fail");
      // Promptly, though another reader was parked in read on a silent connection.
      assertThat(paused.await(PROMPT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();
      server.pushText("to onReadError");
      awaitSize(received, 1, PROMPT);

      assertThat(received).containsExactly("to onReadError");
      server.pushText("after");
      handler.await("text after", PROMPT);
      assertThat(handler.events())
          .containsExactly(
              "open first",
              "text fail",
              "read error IllegalStateException: handler failed",
              "text after")
          .inOrder();
    }
  }

  @BothDispatchers
  void pauseInsideOnReadErrorWhileAnotherThreadWaitsToPauseDoesNotDeadlock(DispatcherMode mode)
      throws Exception {
    CountDownLatch inOnReadError = new CountDownLatch(1);
    CountDownLatch otherIsWaiting = new CountDownLatch(1);
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    handler.onReadError(
        (error, connection, control) -> {
          inOnReadError.countDown();
          if (!otherIsWaiting.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the other thread never started to pause");
          }
          try (Pause pause = control.pause()) {
            received.add(connection.receive(WAIT).map(Message::text).orElse("(nothing)"));
          }
        });
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);
      server.pushReadError(new IOException("boom"));
      assertThat(inOnReadError.await(PROMPT.toNanos(), TimeUnit.NANOSECONDS)).isTrue();

      // The other thread asks for a pause while the reader holds the permit in @OnReadError.
      Future<Pause> waitingPause = holder.submit(engine::pause);
      // Nothing else shows that the holder is waiting for the permit: its stack does.
      Await.until(PauseTest::holderWaitsInPause, PROMPT, "the holder to wait inside pause()");
      otherIsWaiting.countDown();
      server.pushText("to onReadError");
      awaitSize(received, 1, PROMPT);
      assertThat(received).containsExactly("to onReadError");

      // @OnReadError returned: the waiting pause gets the permit.
      Pause pause = waitingPause.get(PROMPT.toNanos(), TimeUnit.NANOSECONDS);
      server.pushText("to the holder");
      assertThat(holder.call(PROMPT, "receive", () -> connection.receive(WAIT)))
          .hasValue(Message.text("to the holder"));
      holder.run(PROMPT, "close the pause", pause::close);
      server.pushText("after");
      handler.await("text after", PROMPT);
      assertThat(handler.events())
          .containsExactly("open first", "read error IOException: boom", "text after")
          .inOrder();
    }
  }

  private static boolean holderWaitsInPause() {
    for (Thread thread : ThreadCounts.live("test-pause-holder")) {
      for (StackTraceElement frame : thread.getStackTrace()) {
        if (frame.getMethodName().equals("pause") && frame.getClassName().endsWith("ReadPermit")) {
          return thread.getState() == Thread.State.WAITING;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- the life of a pause

  @BothDispatchers
  void closingAPauseTwiceReleasesItOnceAndNeverAnotherPause(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);
      Pause first = holder.call(PROMPT, "pause()", engine::pause);
      holder.run(PROMPT, "close the pause", first::close);
      holder.run(PROMPT, "close the pause again", first::close);

      Pause second = holder.call(PROMPT, "pause() again", engine::pause);
      first.close(); // a third time, from another thread: must not release the second pause

      server.pushText("held");
      assertThat(holder.call(PROMPT, "receive", () -> connection.receive(PROMPT)))
          .hasValue(Message.text("held"));
      holder.run(PROMPT, "close the second pause", second::close);
      server.pushText("after");
      handler.await("text after", PROMPT);
      assertThat(handler.events()).containsExactly("open first", "text after").inOrder();
    }
  }

  @BothDispatchers
  void aPauseClosedFromAnotherThreadResumesTheReaders(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);
      Pause pause = holder.call(PROMPT, "pause()", engine::pause);

      pause.close(); // on the test thread, not the holder

      server.pushText("after");
      handler.await("text after", PROMPT);
      // The holder no longer holds the connection.
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> holder.call(PROMPT, "receive", () -> connection.receive(NOTHING)));
      assertThat(e).hasMessageThat().isEqualTo(RECEIVE_WITHOUT_PAUSE);
    }
  }

  /**
   * Closing from another thread while the holder is blocked in {@code receive}: the engine may end
   * that receive early or let it run out, but must not let a reader read alongside it, since the
   * transport SPI allows one read at a time. The holder's receive waits {@link #NOTHING} on a
   * silent connection, long enough for a woken reader to reach {@code read()} meanwhile.
   */
  @BothDispatchers
  void aPauseClosedFromAnotherThreadWhileTheHolderIsInReceiveNeverLetsTwoThreadsRead(
      DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);
      Pause pause = holder.call(PROMPT, "pause()", engine::pause);
      Future<Optional<Message>> receiving = holder.submit(() -> connection.receive(NOTHING));
      server.awaitReaderBlocked(PROMPT); // the holder, parked in receive on a silent connection

      pause.close(); // on the test thread, while the holder is still inside receive

      Optional<Message> got;
      try {
        got = receiving.get(PROMPT.toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        got = Optional.empty(); // ending the receive early is allowed
      }
      assertThat(got).isEmpty(); // nothing was sent
      assertWithMessage("reads that overlapped").that(server.concurrentReadViolations()).isEmpty();
      server.pushText("m");
      handler.await("text m", PROMPT);
    }
  }

  @BothDispatchers
  void nestedPauseOnTheSameThreadHoldsTheReadersUntilTheOuterOneCloses(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.awaitReaderBlocked(WAIT);
      Pause outer = holder.call(PROMPT, "pause()", engine::pause);
      Pause inner = holder.call(PROMPT, "nested pause()", engine::pause);

      holder.run(PROMPT, "close the inner pause", inner::close);

      server.pushText("still held");
      assertThat(holder.call(PROMPT, "receive", () -> connection.receive(PROMPT)))
          .hasValue(Message.text("still held"));
      holder.run(PROMPT, "close the outer pause", outer::close);
      server.pushText("after");
      handler.await("text after", PROMPT);
      assertThat(handler.events()).containsExactly("open first", "text after").inOrder();
    }
  }

  @BothDispatchers
  void pauseOnANewEngineThrowsIllegalStateException(DispatcherMode mode) {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();

    IllegalStateException e = assertThrows(IllegalStateException.class, engine::pause);

    assertThat(e).hasMessageThat().isEqualTo("cannot pause: the engine is NEW");
  }

  @BothDispatchers
  void pauseOnAStoppedEngineThrowsIllegalStateException(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).build();
    engine.start();
    engine.stop();

    IllegalStateException e = assertThrows(IllegalStateException.class, engine::pause);

    assertThat(e).hasMessageThat().isEqualTo("cannot pause: the engine is STOPPED");
  }

  @BothDispatchers
  void aPauseLeftOpenDoesNotBlockStopNorHoldTheNextRun(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection first = transport.lastConnection();
      first.awaitReaderBlocked(WAIT);
      Pause left = holder.call(PROMPT, "pause()", engine::pause);

      other.run(PROMPT, "engine.stop()", engine::stop);

      assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
      assertThat(ThreadCounts.names("wsengine-")).isEmpty();
      assertThat(handler.events()).containsExactly("open first", "close none").inOrder();

      // Still open, it does not hold the readers of the next run; closing it late changes nothing.
      engine.start();
      InMemoryConnection second = transport.lastConnection();
      second.pushText("next run");
      handler.await("text next run", PROMPT);
      holder.run(PROMPT, "close the pause of the first run", left::close);
      second.pushText("still reading");
      handler.await("text still reading", PROMPT);
    }
  }

  @BothDispatchers
  void aPauseLeftOpenAndClosedOnlyDuringTheNextRunDoesNotReleaseAPauseOfThatRun(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      transport.lastConnection().awaitReaderBlocked(WAIT);
      Pause left = other.call(PROMPT, "pause()", engine::pause);
      engine.stop();
      engine.start();
      InMemoryConnection second = transport.lastConnection();
      Connection connection = handler.lastConnection();
      second.awaitReaderBlocked(WAIT);
      Pause current = holder.call(PROMPT, "pause() in the next run", engine::pause);

      other.run(PROMPT, "close the pause of the first run", left::close);

      second.pushText("held");
      assertThat(holder.call(PROMPT, "receive", () -> connection.receive(PROMPT)))
          .hasValue(Message.text("held"));
      holder.run(PROMPT, "close the pause", current::close);
      second.pushText("after");
      handler.await("text after", PROMPT);
    }
  }

  /** Waits until a list a callback fills has {@code size} elements. */
  private static void awaitSize(List<?> list, int size, Duration timeout) {
    Await.until(() -> list.size() >= size, timeout, () -> size + " element(s) in " + list);
  }
}
