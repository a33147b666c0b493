package dev.wsengine.testing;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * The in-memory transport holds to the transport SPI, and its script and records do what they say.
 */
class InMemoryTransportTest {
  /**
   * Concurrency tests ran 1000 times each without a failure when written; this keeps them honest.
   */
  private static final int REPEATS = 20;

  /** For waits that should succeed: generous, since it only matters when something is broken. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** For waits that should time out. */
  private static final Duration SHORT = Duration.ofMillis(50);

  private static final String THREAD_PREFIX = "in-memory-transport-test-";
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
    InMemoryConnection prepared = new InMemoryConnection().pushText("already there");
    InMemoryTransport transport =
        new InMemoryTransport().failDial(refused).refuse(503).accept(prepared);
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
        new InMemoryTransport.Dial(URI_B, options, Thread.currentThread().getName()),
        transport.dials().get(3));
  }

  @Test
  void refuseThrowsHandshakeExceptionWithTheStatus() {
    InMemoryTransport transport = new InMemoryTransport().refuse(401);

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
    InMemoryConnection prepared = new InMemoryConnection(chat);
    InMemoryTransport transport = new InMemoryTransport().accept(prepared);

    assertSame(chat, transport.connect(URI_B, ConnectOptions.defaults()).handshake());
    assertThrows(IllegalStateException.class, () -> transport.accept(prepared));
  }

  @RepeatedTest(REPEATS)
  void hangEndsWithInterruptedException_whenTheDiallerIsInterrupted() throws Exception {
    InMemoryTransport transport = new InMemoryTransport().hang();
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
    InMemoryTransport transport = new InMemoryTransport().hang();
    ConnectOptions options = ConnectOptions.builder().handshakeTimeout(SHORT).build();
    long start = System.nanoTime();

    IOException timedOut = assertThrows(IOException.class, () -> transport.connect(URI_A, options));

    assertTrue(timedOut.getMessage().startsWith("handshake timed out"), timedOut.getMessage());
    assertTrue(System.nanoTime() - start >= SHORT.toNanos());
  }

  @RepeatedTest(REPEATS)
  void acceptAfterCompletesTheDialOnlyOnceReleased() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InMemoryTransport transport = new InMemoryTransport().acceptAfter(release);
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
    InMemoryTransport transport = new InMemoryTransport().acceptAfter(new CountDownLatch(1));
    Background<TransportConnection> dial =
        start(() -> transport.connect(URI_A, ConnectOptions.defaults()));

    transport.awaitDials(1, TIMEOUT);
    dial.interrupt();

    assertInstanceOf(InterruptedException.class, dial.failure());
    assertTrue(transport.connections().isEmpty());
  }

  @Test
  void dialWithTheInterruptSetThrowsAtOnce_andKeepsTheScript() {
    InMemoryTransport transport = new InMemoryTransport().refuse(503);

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
    InMemoryConnection connection = connected();
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
    InMemoryConnection connection = connected();

    assertNull(connection.read(SHORT));
    assertNull(connection.read(Duration.ZERO));
    connection.pushText("late");
    assertEquals("late", connection.read(Duration.ZERO).text());
  }

  @RepeatedTest(REPEATS)
  void interruptedReadLosesNothing() throws Exception {
    InMemoryConnection connection = connected();
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
    Background<InMemoryConnection> pusher =
        start(
            () -> {
              go.await();
              return connection.pushText("a");
            });
    connection.awaitReaderBlocked(TIMEOUT);
    // The push races the interrupt: either this read takes "a", or the next one does.
    go.countDown();
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
    InMemoryConnection connection = connected().pushText("kept");

    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, connection::read);

    assertEquals("kept", connection.read().text());
  }

  @Test
  void serverCloseHandsOutEarlierMessagesFirst_thenReportsItsStatus() throws Exception {
    CloseStatus bye = CloseStatus.of(4000, "bye");
    InMemoryConnection connection = connected().pushText("a").pushText("b").serverClose(bye);

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
    InMemoryConnection connection = connected();
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
    InMemoryConnection connection = connected().pushText("last words").dropLink();

    assertFalse(connection.isOpen());
    assertEquals("last words", connection.read().text());
    assertEquals(
        CloseStatus.ABNORMAL_CLOSURE,
        assertThrows(ConnectionClosedException.class, connection::read).status());
  }

  @RepeatedTest(REPEATS)
  void twoThreadsInsideReadAreRecordedAsAViolation() throws Exception {
    InMemoryConnection connection = connected();
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
    InMemoryConnection connection = connected();
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
    InMemoryConnection connection = connected();
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
    InMemoryConnection connection = connected().pushText("unread");

    AssertionError failure =
        assertThrows(AssertionError.class, () -> connection.awaitReaderBlocked(SHORT));

    assertTrue(failure.getMessage().contains("unread=1"), failure.getMessage());
  }

  // ---------------------------------------------------------------- the engine's close and abort

  @RepeatedTest(REPEATS)
  void engineCloseWakesABlockedReaderWithTheStatusItSent() throws Exception {
    InMemoryConnection connection = connected();
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
    InMemoryConnection connection = connected().pushText("before");

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
    InMemoryConnection connection = connected();

    assertThrows(
        IllegalArgumentException.class, () -> connection.close(CloseStatus.ABNORMAL_CLOSURE));
    assertThrows(
        IllegalArgumentException.class, () -> connection.close(CloseStatus.NO_STATUS_RECEIVED));
    assertTrue(connection.isOpen());
    assertTrue(connection.closeCalls().isEmpty());
  }

  @Test
  void closeAfterServerCloseDoesNothing() throws Exception {
    InMemoryConnection connection = connected().serverClose(CloseStatus.NORMAL);

    connection.close(CloseStatus.GOING_AWAY);

    assertTrue(connection.closeStatus().isEmpty());
    assertEquals(List.of(CloseStatus.GOING_AWAY), connection.closeCalls());
  }

  @Test
  void failCloseThrowsAfterMarkingTheConnectionClosed() {
    IOException broken = new IOException("broken pipe");
    InMemoryConnection connection = connected().failClose(broken);

    assertSame(broken, assertThrows(IOException.class, () -> connection.close(CloseStatus.NORMAL)));

    assertFalse(connection.isOpen());
    assertEquals(CloseStatus.NORMAL, connection.closeStatus().orElseThrow());
  }

  @RepeatedTest(REPEATS)
  void abortIsIdempotent_discardsTheBuffer_andWakesReadersWithAbnormalClosure() throws Exception {
    InMemoryConnection connection = connected();
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
    InMemoryConnection connection = connected().pushText("never read");

    connection.abort();

    assertEquals(
        CloseStatus.ABNORMAL_CLOSURE,
        assertThrows(ConnectionClosedException.class, connection::read).status());
  }

  // ---------------------------------------------------------------- sends and pings

  @Test
  void sendsAreRecordedInOrder_withTheirBytesCopied() throws Exception {
    InMemoryConnection connection = connected();
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
    InMemoryConnection connection = connected().failNextSend(reset);

    assertSame(reset, assertThrows(IOException.class, () -> connection.sendText("lost")));
    connection.sendText("kept");

    assertEquals(List.of("kept"), connection.sentTexts());
  }

  @RepeatedTest(REPEATS)
  void blockSendsHoldsASendUntilReleased() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    InMemoryConnection connection = connected().blockSends(release);
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
    InMemoryConnection connection = connected().blockSends(new CountDownLatch(1));
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
    InMemoryConnection connection = connected().pingReply(Duration.ofMillis(7));

    assertEquals(Duration.ofMillis(7), connection.ping(TIMEOUT));
    connection.pingTimeout();
    long start = System.nanoTime();
    assertThrows(TimeoutException.class, () -> connection.ping(SHORT));

    assertTrue(System.nanoTime() - start >= SHORT.toNanos());
    assertEquals(List.of(TIMEOUT, SHORT), connection.pings());
  }

  @RepeatedTest(REPEATS)
  void pingWaitingForAPongFailsWhenTheServerCloses() throws Exception {
    InMemoryConnection connection = connected().pingTimeout();
    Background<Duration> pinger = start(() -> connection.ping(TIMEOUT));

    connection.awaitPings(1, TIMEOUT);
    connection.serverClose(CloseStatus.NORMAL);

    assertInstanceOf(ConnectionClosedException.class, pinger.failure());
  }

  // ---------------------------------------------------------------- slow dials

  @Test
  void acceptAfterADelayCompletesTheDialOnceItHasPassed() throws Exception {
    InMemoryTransport transport = new InMemoryTransport().acceptAfter(SHORT);
    long start = System.nanoTime();

    TransportConnection connection = transport.connect(URI_A, ConnectOptions.defaults());

    assertTrue(System.nanoTime() - start >= SHORT.toNanos());
    assertSame(transport.connection(0), connection);
  }

  @Test
  void acceptAfterADelayIgnoresTheHandshakeTimeout_andUsesAPreparedConnection() throws Exception {
    InMemoryConnection prepared = new InMemoryConnection().pushText("ready");
    InMemoryTransport transport = new InMemoryTransport().acceptAfter(SHORT, prepared);
    ConnectOptions options =
        ConnectOptions.builder().handshakeTimeout(Duration.ofMillis(1)).build();

    assertSame(prepared, transport.connect(URI_A, options));
    assertEquals("ready", prepared.read().text());
  }

  @RepeatedTest(REPEATS)
  void acceptAfterADelayInterruptedThrowsInterruptedException_andHandsNothingOut()
      throws Exception {
    InMemoryTransport transport = new InMemoryTransport().acceptAfter(Duration.ofDays(1));
    Background<TransportConnection> dial =
        start(() -> transport.connect(URI_A, ConnectOptions.defaults()));

    transport.awaitDials(1, TIMEOUT);
    dial.interrupt();

    assertInstanceOf(InterruptedException.class, dial.failure());
    assertTrue(transport.connections().isEmpty());
    assertEquals(0, transport.dialsInProgress());
  }

  @Test
  void acceptAfterRejectsANegativeDelay_andAConnectionScriptedTwice() {
    InMemoryTransport transport = new InMemoryTransport();
    InMemoryConnection prepared = new InMemoryConnection();
    transport.acceptAfter(new CountDownLatch(1), prepared);

    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> transport.acceptAfter(Duration.ofMillis(-5)));
    assertThrows(IllegalStateException.class, () -> transport.acceptAfter(SHORT, prepared));

    assertEquals("delay must not be negative; got PT-0.005S", negative.getMessage());
    assertEquals(1, transport.scriptRemaining());
  }

  // ---------------------------------------------------------------- what the client asked for

  @Test
  void theDialRecordsTheHeadersAndSubprotocolsTheClientAskedFor() throws Exception {
    ConnectOptions options =
        ConnectOptions.builder()
            .header("Authorization", "Bearer t0k3n")
            .header("X-Trace", "a")
            .header("x-trace", "b")
            .subprotocol("v2.chat")
            .subprotocol("chat")
            .build();
    InMemoryTransport transport = new InMemoryTransport();

    InMemoryConnection connection = (InMemoryConnection) transport.connect(URI_B, options);

    InMemoryTransport.Dial dial = connection.dial();
    assertSame(transport.dials().get(0), dial);
    assertEquals(URI_B, dial.uri());
    assertEquals(List.of("Bearer t0k3n"), dial.header("authorization"));
    assertEquals(List.of("a", "b"), dial.header("X-TRACE"));
    assertEquals(List.of(), dial.header("Cookie"));
    assertEquals(options.headers(), dial.headers());
    assertEquals(List.of("v2.chat", "chat"), dial.subprotocols());
  }

  @Test
  void aDialNamesTheComponentItWasGivenNullFor() {
    ConnectOptions options = ConnectOptions.defaults();

    assertEquals(
        "uri",
        assertThrows(
                NullPointerException.class, () -> new InMemoryTransport.Dial(null, options, "t"))
            .getMessage());
    assertEquals(
        "options",
        assertThrows(NullPointerException.class, () -> new InMemoryTransport.Dial(URI_A, null, "t"))
            .getMessage());
    assertEquals(
        "threadName",
        assertThrows(
                NullPointerException.class, () -> new InMemoryTransport.Dial(URI_A, options, null))
            .getMessage());
    assertEquals(
        "name",
        assertThrows(
                NullPointerException.class,
                () -> new InMemoryTransport.Dial(URI_A, options, "t").header(null))
            .getMessage());
  }

  @Test
  void dialOfAConnectionNotHandedOutFailsSayingSo() {
    AssertionError failure = assertThrows(AssertionError.class, new InMemoryConnection()::dial);

    assertTrue(failure.getMessage().startsWith("this connection was not handed out by a dial yet"));
  }

  // ---------------------------------------------------------------- size limits

  @Test
  void aPushOverTheSizeLimitClosesWith1009AfterEarlierMessages_andLaterPushesAreDropped()
      throws Exception {
    ConnectOptions options = ConnectOptions.builder().maxTextMessageBytes(4).build();
    InMemoryConnection connection =
        (InMemoryConnection) new InMemoryTransport().connect(URI_A, options);

    connection.pushText("four").pushText("éèê").pushText("after");

    assertFalse(connection.isOpen());
    assertEquals(Optional.of(CloseStatus.MESSAGE_TOO_BIG), connection.closeStatus());
    assertEquals(Optional.of(CloseStatus.MESSAGE_TOO_BIG), connection.closedWith());
    assertEquals(1, connection.unread());
    assertEquals("four", connection.read().text());
    assertEquals(
        CloseStatus.MESSAGE_TOO_BIG,
        assertThrows(ConnectionClosedException.class, connection::read).status());
    assertTrue(connection.closeCalls().isEmpty());
  }

  @Test
  void aPreparedConnectionAppliesTheDialsSizeLimitToWhatWasPushedBefore() throws Exception {
    InMemoryConnection prepared =
        new InMemoryConnection()
            .pushBinary(new byte[2])
            .pushBinary(new byte[3])
            .pushBinary(new byte[1]);
    InMemoryTransport transport = new InMemoryTransport().accept(prepared);

    transport.connect(URI_A, ConnectOptions.builder().maxBinaryMessageBytes(2).build());

    assertEquals(2, prepared.read().size());
    assertEquals(
        CloseStatus.MESSAGE_TOO_BIG,
        assertThrows(ConnectionClosedException.class, prepared::read).status());
    assertEquals(0, prepared.unread());
  }

  // ---------------------------------------------------------------- bad input and failures

  @Test
  void countsAndIndexesMustNotBeNegative() {
    InMemoryTransport transport = new InMemoryTransport();
    InMemoryConnection connection = connected();

    assertEquals(
        "n must not be negative; got -1",
        assertThrows(IllegalArgumentException.class, () -> transport.awaitDials(-1, SHORT))
            .getMessage());
    assertEquals(
        "index must not be negative; got -1",
        assertThrows(IllegalArgumentException.class, () -> transport.awaitConnection(-1, SHORT))
            .getMessage());
    assertEquals(
        "n must not be negative; got -2",
        assertThrows(IllegalArgumentException.class, () -> connection.awaitSent(-2, SHORT))
            .getMessage());
    assertEquals(
        "n must not be negative; got -3",
        assertThrows(IllegalArgumentException.class, () -> connection.awaitPings(-3, SHORT))
            .getMessage());
  }

  @Test
  void awaitsRejectANegativeTimeout() {
    Duration negative = Duration.ofMillis(-1);
    InMemoryTransport transport = new InMemoryTransport();
    InMemoryConnection connection = connected();

    for (Runnable wait :
        List.<Runnable>of(
            () -> transport.awaitDials(1, negative),
            () -> transport.awaitConnection(0, negative),
            () -> connection.awaitSent(1, negative),
            () -> connection.awaitClosed(negative),
            () -> connection.awaitReaderBlocked(negative))) {
      IllegalArgumentException rejected = assertThrows(IllegalArgumentException.class, wait::run);
      assertEquals("timeout must not be negative; got PT-0.001S", rejected.getMessage());
    }
  }

  @Test
  void pingReplyRejectsANegativeRoundTrip() {
    IllegalArgumentException rejected =
        assertThrows(
            IllegalArgumentException.class, () -> connected().pingReply(Duration.ofMillis(-1)));

    assertEquals("rtt must not be negative; got PT-0.001S", rejected.getMessage());
  }

  @Test
  void failedAwaitsSayWhatTheyWaitedForAndTheState() {
    InMemoryTransport transport = new InMemoryTransport().refuse(503);
    InMemoryConnection connection = connected().pushText("unread");

    AssertionError noConnection =
        assertThrows(AssertionError.class, () -> transport.awaitConnection(0, SHORT));
    AssertionError nothingSent =
        assertThrows(AssertionError.class, () -> connection.awaitSent(1, SHORT));
    AssertionError notClosed =
        assertThrows(AssertionError.class, () -> connection.awaitClosed(SHORT));

    assertEquals(
        "timed out after PT0.05S waiting for connection 0 to be handed out; transport: dials=0,"
            + " inProgress=0, connections=0, scriptRemaining=1",
        noConnection.getMessage());
    assertTrue(
        nothingSent
            .getMessage()
            .startsWith(
                "timed out after PT0.05S waiting for 1 sent message(s);"
                    + " connection: unread=1,"),
        nothingSent.getMessage());
    assertTrue(nothingSent.getMessage().contains(", sent=0,"), nothingSent.getMessage());
    assertTrue(
        notClosed.getMessage().contains("waiting for the client to close the connection;"),
        notClosed.getMessage());
    assertTrue(notClosed.getMessage().contains("clientClose=null"), notClosed.getMessage());
  }

  @Test
  void anInterruptedAwaitFailsWithTheStateAndKeepsTheInterrupt() {
    InMemoryConnection connection = connected();

    Thread.currentThread().interrupt();
    AssertionError failure =
        assertThrows(AssertionError.class, () -> connection.awaitSent(1, TIMEOUT));

    assertTrue(Thread.interrupted());
    assertTrue(
        failure
            .getMessage()
            .startsWith("interrupted while waiting for 1 sent message(s);" + " connection: "),
        failure.getMessage());
  }

  @Test
  void readWithANegativeTimeoutDoesNotWait() throws Exception {
    InMemoryConnection connection = connected();

    assertNull(connection.read(Duration.ofSeconds(-1)));
    assertNull(connection.read(ChronoUnit.FOREVER.getDuration().negated()));
  }

  // ---------------------------------------------------------------- helpers

  /** A connection as the engine would get it: dialled through a transport. */
  private static InMemoryConnection connected() {
    try {
      return (InMemoryConnection) new InMemoryTransport().connect(URI_A, ConnectOptions.defaults());
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
