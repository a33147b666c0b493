package dev.wsengine.runtime.testing;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.ThreadCounts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.HandshakeException;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The fake holds to the transport SPI, and its script and records do what they say. */
class FakeTransportTest {
  /**
   * Concurrency tests ran 1000 times each without a failure when written; this keeps them honest.
   */
  private static final int REPEATS = 20;

  /** For waits that should succeed: generous, since it only matters when something is broken. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** For waits that should time out. */
  private static final Duration SHORT = Duration.ofMillis(50);

  private static final String THREAD_PREFIX = "fake-transport-test-";
  private static final URI URI_A = URI.create("ws://a.example/feed");
  private static final URI URI_B = URI.create("wss://b.example/feed");

  private final AtomicInteger threadNumber = new AtomicInteger();
  private final List<Thread> started = new ArrayList<>();

  @AfterEach
  void noThreadOutlivesItsTest() {
    started.forEach(Thread::interrupt);
    ThreadCounts.awaitNoThreads(THREAD_PREFIX, TIMEOUT);
  }

  // ---------------------------------------------------------------- the dial script

  @Test
  void scriptedOutcomesAreUsedInOrder_thenDialsSucceedWithFreshConnections() throws Exception {
    ConnectException refused = new ConnectException("connection refused");
    FakeConnection prepared = new FakeConnection().pushText("already there");
    FakeTransport transport = new FakeTransport().failDial(refused).refuse(503).accept(prepared);
    ConnectOptions options = ConnectOptions.builder().subprotocol("chat").build();

    assertSame(
        refused, assertThrows(ConnectException.class, () -> transport.connect(URI_A, options)));
    assertThrows(HandshakeException.class, () -> transport.connect(URI_A, options));
    assertSame(prepared, transport.connect(URI_A, options));
    TransportConnection fresh = transport.connect(URI_B, options);

    assertEquals(0, transport.scriptRemaining());
    assertEquals(List.of(prepared, fresh), transport.connections());
    assertSame(prepared, transport.connection(0));
    assertSame(fresh, transport.lastConnection());
    assertEquals("already there", prepared.read().text());
    assertEquals(Handshake.of(URI_B, Map.of(), null), fresh.handshake());
    assertEquals(4, transport.dialCount());
    assertEquals(
        new FakeTransport.Dial(URI_B, options, Thread.currentThread().getName()),
        transport.dials().get(3));
  }

  @Test
  void refuseThrowsHandshakeExceptionWithTheStatus() {
    FakeTransport transport = new FakeTransport().refuse(401);

    HandshakeException refused =
        assertThrows(
            HandshakeException.class, () -> transport.connect(URI_A, ConnectOptions.defaults()));

    assertEquals(401, refused.status());
    assertThrows(IllegalArgumentException.class, () -> transport.refuse(101));
    assertThrows(AssertionError.class, transport::lastConnection);
  }

  @Test
  void preparedConnectionKeepsItsOwnHandshake_andCannotBeScriptedTwice() throws Exception {
    Handshake chat = Handshake.of(URI_A, Map.of("X-Server", List.of("fake")), "chat");
    FakeConnection prepared = new FakeConnection(chat);
    FakeTransport transport = new FakeTransport().accept(prepared);

    assertSame(chat, transport.connect(URI_B, ConnectOptions.defaults()).handshake());
    assertThrows(IllegalStateException.class, () -> transport.accept(prepared));
  }

  @RepeatedTest(REPEATS)
  void hangEndsWithInterruptedException_whenTheDiallerIsInterrupted() throws Exception {
    FakeTransport transport = new FakeTransport().hang();
    Background<TransportConnection> dial =
        start(() -> transport.connect(URI_A, ConnectOptions.defaults()));

    transport.awaitDials(1, TIMEOUT);
    dial.interrupt();

    assertInstanceOf(InterruptedException.class, dial.failure());
    assertEquals(0, transport.dialsInProgress());
    assertTrue(transport.connections().isEmpty());
  }

  @Test
  void hangTimesOutAfterTheHandshakeTimeoutItWasGiven() {
    FakeTransport transport = new FakeTransport().hang();
    ConnectOptions options = ConnectOptions.builder().handshakeTimeout(SHORT).build();
    long start = System.nanoTime();

    IOException timedOut = assertThrows(IOException.class, () -> transport.connect(URI_A, options));

    assertTrue(timedOut.getMessage().startsWith("handshake timed out"), timedOut.getMessage());
    assertTrue(System.nanoTime() - start >= SHORT.toNanos());
  }

  @RepeatedTest(REPEATS)
  void acceptAfterCompletesTheDialOnlyOnceReleased() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeTransport transport = new FakeTransport().acceptAfter(release);
    Background<TransportConnection> dial =
        start(() -> transport.connect(URI_A, ConnectOptions.defaults()));

    transport.awaitDials(1, TIMEOUT);
    assertEquals(1, transport.dialsInProgress());
    assertTrue(transport.connections().isEmpty());
    release.countDown();

    assertSame(transport.awaitConnection(0, TIMEOUT), dial.get());
  }

  @RepeatedTest(REPEATS)
  void acceptAfterInterruptedThrowsInterruptedException_andHandsNothingOut() throws Exception {
    FakeTransport transport = new FakeTransport().acceptAfter(new CountDownLatch(1));
    Background<TransportConnection> dial =
        start(() -> transport.connect(URI_A, ConnectOptions.defaults()));

    transport.awaitDials(1, TIMEOUT);
    dial.interrupt();

    assertInstanceOf(InterruptedException.class, dial.failure());
    assertTrue(transport.connections().isEmpty());
  }

  @Test
  void dialWithTheInterruptSetThrowsAtOnce_andKeepsTheScript() {
    FakeTransport transport = new FakeTransport().refuse(503);

    Thread.currentThread().interrupt();
    assertThrows(
        InterruptedException.class, () -> transport.connect(URI_A, ConnectOptions.defaults()));

    assertFalse(Thread.interrupted());
    assertEquals(1, transport.dialCount());
    assertEquals(1, transport.scriptRemaining());
  }

  // ---------------------------------------------------------------- reading

  @Test
  void readHandsOutMessagesAndReadErrorsInPushOrder() throws Exception {
    IOException glitch = new IOException("glitch");
    FakeConnection connection = connected();
    byte[] bytes = {1, 2, 3};
    connection.pushText("one").pushReadError(glitch).pushBinary(bytes);
    bytes[0] = 9;

    assertEquals(Message.text("one"), connection.read());
    assertSame(glitch, assertThrows(IOException.class, connection::read));
    assertTrue(connection.isOpen());
    assertArrayEquals(new byte[] {1, 2, 3}, connection.read().binaryAsArray());
    assertEquals(3, connection.readCount());
  }

  @Test
  void readWithTimeoutReturnsNullWhenNothingArrives() throws Exception {
    FakeConnection connection = connected();

    assertNull(connection.read(SHORT));
    assertNull(connection.read(Duration.ZERO));
    connection.pushText("late");
    assertEquals("late", connection.read(Duration.ZERO).text());
  }

  @RepeatedTest(REPEATS)
  void interruptedReadLosesNothing() throws Exception {
    FakeConnection connection = connected();
    CountDownLatch interruptSent = new CountDownLatch(1);
    CountDownLatch firstReadDone = new CountDownLatch(1);
    Background<List<String>> reader =
        start(
            () -> {
              List<String> outcomes = new ArrayList<>();
              try {
                outcomes.add(connection.read().text());
              } catch (InterruptedException e) {
                outcomes.add("interrupted");
              }
              // If the read won the race, the interrupt is still to come or still set: absorb it.
              awaitUninterruptibly(interruptSent);
              Thread.interrupted();
              firstReadDone.countDown();
              outcomes.add(connection.read().text());
              return outcomes;
            });

    CountDownLatch go = new CountDownLatch(1);
    Background<FakeConnection> pusher =
        start(
            () -> {
              go.await();
              return connection.pushText("a");
            });
    connection.awaitReaderBlocked(TIMEOUT);
    go
        .countDown(); // the push races the interrupt: either this read takes "a", or the next one
                      // does
    reader.interrupt();
    interruptSent.countDown();
    pusher.get();
    assertTrue(firstReadDone.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    connection.pushText("b");

    List<String> outcomes = reader.get();
    assertTrue(
        outcomes.equals(List.of("a", "b")) || outcomes.equals(List.of("interrupted", "a")),
        outcomes.toString());
    if (outcomes.get(0).equals("interrupted")) {
      assertEquals("b", connection.read(Duration.ZERO).text());
    }
    assertNull(connection.read(Duration.ZERO));
  }

  @Test
  void readWithTheInterruptSetThrows_andLeavesTheMessageForTheNextRead() throws Exception {
    FakeConnection connection = connected().pushText("kept");

    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, connection::read);

    assertEquals("kept", connection.read().text());
  }

  @Test
  void serverCloseHandsOutEarlierMessagesFirst_thenReportsItsStatus() throws Exception {
    CloseStatus bye = CloseStatus.of(4000, "bye");
    FakeConnection connection = connected().pushText("a").pushText("b").serverClose(bye);

    assertFalse(connection.isOpen());
    assertEquals(
        bye,
        assertThrows(ConnectionClosedException.class, () -> connection.sendText("x")).status());
    assertEquals("a", connection.read().text());
    assertEquals("b", connection.read(SHORT).text());
    assertEquals(bye, assertThrows(ConnectionClosedException.class, connection::read).status());
    assertEquals(
        bye, assertThrows(ConnectionClosedException.class, () -> connection.read(SHORT)).status());
    assertThrows(IllegalStateException.class, () -> connection.pushText("after the close frame"));
  }

  @RepeatedTest(REPEATS)
  void serverCloseWakesABlockedReader() throws Exception {
    FakeConnection connection = connected();
    Background<Message> reader = start(connection::read);

    connection.awaitReaderBlocked(TIMEOUT);
    connection.serverClose(CloseStatus.SERVICE_RESTART);

    ConnectionClosedException closed =
        assertInstanceOf(ConnectionClosedException.class, reader.failure());
    assertEquals(CloseStatus.SERVICE_RESTART, closed.status());
    assertEquals(0, connection.readersBlocked());
  }

  @Test
  void dropLinkReportsAbnormalClosureAfterEarlierMessages() throws Exception {
    FakeConnection connection = connected().pushText("last words").dropLink();

    assertFalse(connection.isOpen());
    assertEquals("last words", connection.read().text());
    assertEquals(
        CloseStatus.ABNORMAL_CLOSURE,
        assertThrows(ConnectionClosedException.class, connection::read).status());
  }

  @RepeatedTest(REPEATS)
  void twoThreadsInsideReadAreRecordedAsAViolation() throws Exception {
    FakeConnection connection = connected();
    Background<Message> first = start(connection::read);
    connection.awaitReaderBlocked(TIMEOUT);

    Background<Message> second = start(connection::read);
    Await.until(() -> connection.concurrentReads() > 0, TIMEOUT, "the second reader to be caught");
    connection.pushText("one").pushText("two");

    first.get();
    second.get();
    assertEquals(1, connection.concurrentReads());
    String violation = connection.concurrentReadViolations().get(0);
    assertTrue(
        violation.matches(
            THREAD_PREFIX + "\\d+ entered read\\(\\) while " + THREAD_PREFIX + "\\d+ was inside"),
        violation);
  }

  @RepeatedTest(REPEATS)
  void readsTakenInTurnFromSeveralThreadsAreNoViolation() throws Exception {
    FakeConnection connection = connected();
    for (int i = 0; i < 5; i++) {
      Background<Message> reader = start(connection::read);
      connection.awaitReaderBlocked(TIMEOUT);
      connection.pushText("m" + i);
      assertEquals("m" + i, reader.get().text());
    }

    assertEquals(0, connection.concurrentReads());
  }

  @RepeatedTest(REPEATS)
  void awaitReaderBlockedReturnsOnlyOnceTheReaderHasTakenWhatWasPushed() throws Exception {
    FakeConnection connection = connected();
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    Background<Void> reader =
        start(
            () -> {
              while (true) {
                received.add(connection.read().text());
              }
            });
    connection.awaitReaderBlocked(TIMEOUT);

    connection.pushText("a").pushText("b");
    connection.awaitReaderBlocked(TIMEOUT);

    assertEquals(List.of("a", "b"), received);
    assertEquals(1, connection.readersBlocked());
    connection.serverClose(CloseStatus.NORMAL);
    assertInstanceOf(ConnectionClosedException.class, reader.failure());
  }

  @Test
  void awaitReaderBlockedFailsWhenNobodyReads() {
    FakeConnection connection = connected().pushText("unread");

    AssertionError failure =
        assertThrows(AssertionError.class, () -> connection.awaitReaderBlocked(SHORT));

    assertTrue(failure.getMessage().contains("unread=1"), failure.getMessage());
  }

  // ---------------------------------------------------------------- the engine's close and abort

  @RepeatedTest(REPEATS)
  void engineCloseWakesABlockedReaderWithTheStatusItSent() throws Exception {
    FakeConnection connection = connected();
    Background<Message> reader = start(connection::read);
    connection.awaitReaderBlocked(TIMEOUT);

    connection.close(CloseStatus.GOING_AWAY);

    ConnectionClosedException closed =
        assertInstanceOf(ConnectionClosedException.class, reader.failure());
    assertEquals(CloseStatus.GOING_AWAY, closed.status());
    assertEquals(CloseStatus.GOING_AWAY, connection.awaitClosed(TIMEOUT));
    assertFalse(connection.isOpen());
  }

  @Test
  void engineCloseStillHandsOutWhatArrivedBefore_andASecondCloseDoesNothing() throws Exception {
    FakeConnection connection = connected().pushText("before");

    connection.close(CloseStatus.NORMAL);
    connection.close(CloseStatus.POLICY_VIOLATION);
    connection.pushText("after"); // dropped: the test may race the engine's close
    connection.serverClose(CloseStatus.INTERNAL_ERROR); // too late to change the status

    assertEquals("before", connection.read().text());
    assertEquals(
        CloseStatus.NORMAL,
        assertThrows(ConnectionClosedException.class, connection::read).status());
    assertEquals(
        CloseStatus.NORMAL,
        assertThrows(ConnectionClosedException.class, () -> connection.sendText("x")).status());
    assertEquals(
        List.of(CloseStatus.NORMAL, CloseStatus.POLICY_VIOLATION), connection.closeCalls());
    assertEquals(CloseStatus.NORMAL, connection.closeStatus().orElseThrow());
  }

  @Test
  void closeRejectsStatusesThatAreReportedOnly() {
    FakeConnection connection = connected();

    assertThrows(
        IllegalArgumentException.class, () -> connection.close(CloseStatus.ABNORMAL_CLOSURE));
    assertThrows(
        IllegalArgumentException.class, () -> connection.close(CloseStatus.NO_STATUS_RECEIVED));
    assertTrue(connection.isOpen());
    assertTrue(connection.closeCalls().isEmpty());
  }

  @Test
  void closeAfterServerCloseDoesNothing() throws Exception {
    FakeConnection connection = connected().serverClose(CloseStatus.NORMAL);

    connection.close(CloseStatus.GOING_AWAY);

    assertTrue(connection.closeStatus().isEmpty());
    assertEquals(List.of(CloseStatus.GOING_AWAY), connection.closeCalls());
  }

  @Test
  void failCloseThrowsAfterMarkingTheConnectionClosed() {
    IOException broken = new IOException("broken pipe");
    FakeConnection connection = connected().failClose(broken);

    assertSame(broken, assertThrows(IOException.class, () -> connection.close(CloseStatus.NORMAL)));

    assertFalse(connection.isOpen());
    assertEquals(CloseStatus.NORMAL, connection.closeStatus().orElseThrow());
  }

  @RepeatedTest(REPEATS)
  void abortIsIdempotent_discardsTheBuffer_andWakesReadersWithAbnormalClosure() throws Exception {
    FakeConnection connection = connected();
    Background<Message> reader = start(connection::read);
    connection.awaitReaderBlocked(TIMEOUT);

    connection.abort();
    connection.abort();

    ConnectionClosedException closed =
        assertInstanceOf(ConnectionClosedException.class, reader.failure());
    assertEquals(CloseStatus.ABNORMAL_CLOSURE, closed.status());
    assertTrue(connection.aborted());
    assertFalse(connection.isOpen());
    connection.pushText("dropped");
    assertThrows(ConnectionClosedException.class, connection::read);
  }

  @Test
  void abortDiscardsBufferedMessages() {
    FakeConnection connection = connected().pushText("never read");

    connection.abort();

    assertEquals(
        CloseStatus.ABNORMAL_CLOSURE,
        assertThrows(ConnectionClosedException.class, connection::read).status());
  }

  // ---------------------------------------------------------------- sends and pings

  @Test
  void sendsAreRecordedInOrder_withTheirBytesCopied() throws Exception {
    FakeConnection connection = connected();
    byte[] bytes = "xyz".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, 2);

    connection.sendText("hello");
    connection.sendBinary(buffer);
    bytes[1] = 'Q';

    assertEquals(
        List.of(Message.text("hello"), Message.binary(new byte[] {'y', 'z'})), connection.sent());
    assertEquals(List.of("hello"), connection.sentTexts());
    assertEquals(0, buffer.remaining());
  }

  @Test
  void failNextSendFailsOneSendOnly() throws Exception {
    IOException reset = new IOException("connection reset");
    FakeConnection connection = connected().failNextSend(reset);

    assertSame(reset, assertThrows(IOException.class, () -> connection.sendText("lost")));
    connection.sendText("kept");

    assertEquals(List.of("kept"), connection.sentTexts());
  }

  @RepeatedTest(REPEATS)
  void blockSendsHoldsASendUntilReleased() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeConnection connection = connected().blockSends(release);
    Background<Void> sender =
        start(
            () -> {
              connection.sendText("held");
              return null;
            });

    connection.awaitSendBlocked(TIMEOUT);
    assertTrue(connection.sent().isEmpty());
    release.countDown();

    assertEquals(List.of(Message.text("held")), connection.awaitSent(1, TIMEOUT));
    sender.get();
  }

  @RepeatedTest(REPEATS)
  void heldSendFailsWhenTheConnectionIsAborted_orTheSenderInterrupted() throws Exception {
    FakeConnection connection = connected().blockSends(new CountDownLatch(1));
    Background<Void> interrupted =
        start(
            () -> {
              connection.sendText("a");
              return null;
            });
    connection.awaitSendBlocked(TIMEOUT);

    interrupted.interrupt();
    assertInstanceOf(InterruptedIOException.class, interrupted.failure());

    Background<Void> aborted =
        start(
            () -> {
              connection.sendText("b");
              return null;
            });
    connection.awaitSendBlocked(TIMEOUT);
    connection.abort();
    assertInstanceOf(ConnectionClosedException.class, aborted.failure());
    assertTrue(connection.sent().isEmpty());
  }

  @Test
  void pingsReportTheScriptedRoundTrip_orTimeOut() throws Exception {
    FakeConnection connection = connected().pingReply(Duration.ofMillis(7));

    assertEquals(Duration.ofMillis(7), connection.ping(TIMEOUT));
    connection.pingTimeout();
    long start = System.nanoTime();
    assertThrows(TimeoutException.class, () -> connection.ping(SHORT));

    assertTrue(System.nanoTime() - start >= SHORT.toNanos());
    assertEquals(List.of(TIMEOUT, SHORT), connection.pings());
  }

  @RepeatedTest(REPEATS)
  void pingWaitingForAPongFailsWhenTheServerCloses() throws Exception {
    FakeConnection connection = connected().pingTimeout();
    Background<Duration> pinger = start(() -> connection.ping(TIMEOUT));

    connection.awaitPings(1, TIMEOUT);
    connection.serverClose(CloseStatus.NORMAL);

    assertInstanceOf(ConnectionClosedException.class, pinger.failure());
  }

  // ---------------------------------------------------------------- Await and ThreadCounts

  @Test
  void awaitFailsWithTheDescription() {
    AssertionError failure =
        assertThrows(
            AssertionError.class, () -> Await.until(() -> false, SHORT, "the moon to turn blue"));

    assertTrue(
        failure.getMessage().endsWith("waiting for: the moon to turn blue"), failure.getMessage());
  }

  @Test
  void awaitNoThreadsNamesTheLeftoverThreadWithItsStack() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Background<Void> parked =
        start(
            () -> {
              release.await();
              return null;
            });

    AssertionError failure =
        assertThrows(AssertionError.class, () -> ThreadCounts.awaitNoThreads(THREAD_PREFIX, SHORT));
    release.countDown();
    parked.get();

    assertTrue(failure.getMessage().contains("\"" + THREAD_PREFIX), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("java.util.concurrent.CountDownLatch.await("),
        failure.getMessage());
    ThreadCounts.awaitNoThreads(THREAD_PREFIX, TIMEOUT);
    assertEquals(0, ThreadCounts.count(THREAD_PREFIX));
  }

  // ---------------------------------------------------------------- helpers

  /** A connection as the engine would get it: dialled through a transport. */
  private static FakeConnection connected() {
    try {
      return (FakeConnection) new FakeTransport().connect(URI_A, ConnectOptions.defaults());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException expected) {
        // keep waiting: the caller deals with interrupts itself
      }
    }
  }

  /** Runs {@code work} on a new thread named with {@link #THREAD_PREFIX}. */
  private <T> Background<T> start(Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, THREAD_PREFIX + threadNumber.incrementAndGet());
    started.add(thread);
    thread.start();
    return new Background<>(task, thread);
  }

  /** Work running on a thread of its own. */
  private record Background<T>(FutureTask<T> task, Thread thread) {
    /** Its result, waiting for it; rethrows what it threw. */
    T get() throws Exception {
      try {
        return task.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }

    /** What it threw, waiting for it to end. */
    Throwable failure() throws Exception {
      try {
        T result = task.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        throw new AssertionError("expected a failure; got " + result);
      } catch (ExecutionException e) {
        return e.getCause();
      }
    }

    void interrupt() {
      thread.interrupt();
    }
  }
}
