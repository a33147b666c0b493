package dev.wsengine.testing.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.HandshakeException;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.Await;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link TransportConnection} contract, held against both real servers of {@link ServerKind}:
 * every case runs once on Tyrus's server and once on Jetty's. A transport's test module extends it
 * and says which transport it tests:
 *
 * <pre>{@code
 * class MyTransportContractTest extends TransportContract {
 *   @Override
 *   protected Transport transport() {
 *     return MyTransport.builder().noKeepalive().build();
 *   }
 * }
 * }</pre>
 *
 * <p>Its siblings hold the rest of the contract, each for a subclass of its own: {@link
 * HostileServerContract} (servers that break the protocol or the link, pings, the handshake
 * timeout, refusals; where a transport does otherwise than RFC 6455, it declares so there), {@link
 * TlsContract} (wss) and {@link MemoryContract} (bounded memory, in a JVM with a small heap).
 * {@code docs/transports.md} lists every case and what the bundled transports do.
 *
 * <p><b>Class path.</b> JUnit 5 (with {@code junit-jupiter-params}) and both servers of {@link
 * ServerKind}. Each case starts its own server, so cases may run in any order but not in parallel:
 * {@link ServerEvents} is one log for the JVM.
 */
public abstract class TransportContract extends ContractSupport {
  protected TransportContract() {}

  private TransportConnection echo(ServerKind kind, ConnectOptions options) throws Exception {
    return connect(start(kind).uri("/echo"), options);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void messagesArriveWholeAndInOrder(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    for (int i = 0; i < 50; i++) {
      connection.sendText("text " + i);
      connection.sendBinary(ByteBuffer.wrap(ServerKind.bytes(i, 100 + i)));
    }

    for (int i = 0; i < 50; i++) {
      Message text = connection.read(WAIT);
      assertTrue(text.isText(), "message " + 2 * i + " should be text");
      assertEquals("text " + i, text.text());
      Message binary = connection.read(WAIT);
      assertFalse(binary.isText(), "message " + (2 * i + 1) + " should be binary");
      assertEquals(ByteBuffer.wrap(ServerKind.bytes(i, 100 + i)), binary.binary());
    }
    assertTrue(connection.isOpen());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void readWithATimeoutReturnsNullWhenNothingArrives(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());

    assertNull(connection.read(Duration.ofMillis(50)));
    connection.sendText("now");
    assertEquals("now", connection.read(WAIT).text());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void messagesInSeveralFramesAreReadWhole(ServerKind kind) throws Exception {
    int size = 300_000;
    TransportConnection connection = echo(kind, ConnectOptions.defaults());

    connection.sendText("cmd:parts " + size + " text");
    connection.sendText("cmd:parts " + size + " binary");

    assertEquals(ServerKind.text(size), connection.read(WAIT).text());
    assertEquals(ByteBuffer.wrap(ServerKind.bytes(0, size)), connection.read(WAIT).binary());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void interruptedReadsLoseAndReorderNothing(ServerKind kind) throws Exception {
    int count = 3000;
    TransportConnection connection =
        echo(kind, ConnectOptions.builder().bufferedMessages(4).build());
    List<Long> received = new ArrayList<>();
    int[] interrupted = {0};
    CompletableFuture<Void> reading = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                while (received.size() < count) {
                  try {
                    received.add(connection.read().binary().getLong(0));
                  } catch (InterruptedException e) {
                    interrupted[0]++;
                  }
                }
                reading.complete(null);
              } catch (Throwable e) {
                reading.completeExceptionally(e);
              }
            },
            "contract-reader");
    reader.start();
    connection.sendText("cmd:flood " + count + " 16");
    // Interrupts at random moments: while the reader waits, while it takes, between reads.
    while (!reading.isDone()) {
      reader.interrupt();
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(20_000));
    }
    reading.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    reader.join(WAIT.toMillis());

    for (int i = 0; i < count; i++) {
      assertEquals(i, received.get(i), "message " + i);
    }
    assertTrue(interrupted[0] > 0, "the reader was never interrupted while reading");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aFullBufferStopsReadingTheSocketAndLosesNothing(ServerKind kind) throws Exception {
    int count = 20_000;
    TransportConnection connection =
        echo(kind, ConnectOptions.builder().bufferedMessages(4).build());

    connection.sendText("cmd:flood " + count + " 1024");
    // 20 MB cannot fit in the buffer and the sockets' buffers: the server's send blocks.
    Await.until(() -> Flood.latest != null, WAIT, "the flood to start");
    Flood flood = Flood.latest;
    flood.awaitStalled(Duration.ofMillis(300), WAIT);

    for (int i = 0; i < count; i++) {
      assertEquals(i, connection.read(WAIT).binary().getLong(0), "message " + i);
    }
    flood.awaitDone(WAIT);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void theServersCloseComesAfterTheMessagesBeforeIt(ServerKind kind) throws Exception {
    TransportConnection connection =
        echo(kind, ConnectOptions.builder().bufferedMessages(2).build());

    connection.sendText("cmd:burst-close 10");

    for (int i = 0; i < 10; i++) {
      assertEquals("m" + i, connection.read(WAIT).text());
    }
    CloseStatus expected = CloseStatus.received(4002, "after burst");
    assertEquals(
        expected, assertThrows(ConnectionClosedException.class, connection::read).status());
    assertEquals(
        expected, assertThrows(ConnectionClosedException.class, connection::read).status());
    assertFalse(connection.isOpen());
    // The answer to the server's close may be held back until close(): replies still go out.
    connection.sendText("a reply to m9");
    connection.close(CloseStatus.NORMAL);
    assertEquals(
        expected,
        assertThrows(ConnectionClosedException.class, () -> connection.sendText("late")).status());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void closeSendsTheStatusAndEveryLaterCallThrowsIt(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    CloseStatus bye = CloseStatus.of(4003, "done");

    connection.close(bye);
    connection.close(CloseStatus.NORMAL); // closing a closed connection sends nothing more

    assertEquals(
        bye,
        assertThrows(ConnectionClosedException.class, () -> connection.sendText("x")).status());
    assertEquals(
        bye,
        assertThrows(
                ConnectionClosedException.class,
                () -> connection.sendBinary(ByteBuffer.allocate(1)))
            .status());
    assertEquals(
        bye, assertThrows(ConnectionClosedException.class, () -> connection.ping(WAIT)).status());
    assertEquals(bye, assertThrows(ConnectionClosedException.class, connection::read).status());
    assertFalse(connection.isOpen());
    assertEquals("close 4003 done", ServerEvents.await("close", WAIT));
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void closeRefusesAStatusThatCannotBeSent(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());

    assertThrows(
        IllegalArgumentException.class, () -> connection.close(CloseStatus.ABNORMAL_CLOSURE));
    assertTrue(connection.isOpen());
  }

  static Stream<Arguments> oversizeMessages() {
    List<Arguments> cases = new ArrayList<>();
    for (ServerKind kind : ServerKind.values()) {
      for (String framing : List.of("whole", "parts")) {
        for (String type : List.of("text", "binary")) {
          cases.add(Arguments.of(kind, framing, type));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {2} in {1}")
  @MethodSource("oversizeMessages")
  void aMessageOverTheLimitClosesWith1009(ServerKind kind, String framing, String type)
      throws Exception {
    TransportConnection connection =
        echo(
            kind,
            ConnectOptions.builder().maxTextMessageBytes(4000).maxBinaryMessageBytes(4000).build());
    connection.sendText("cmd:" + framing + " 4000 " + type); // at the limit: fine
    assertEquals(4000, length(connection.read(WAIT)));

    connection.sendText("cmd:" + framing + " 4001 " + type);

    ConnectionClosedException closed = readUntilClosed(connection);
    assertEquals(CloseStatus.MESSAGE_TOO_BIG.code(), closed.status().code());
    assertFalse(connection.isOpen());
    connection.close(CloseStatus.NORMAL); // lets a held close go out
    String sent = "close " + closeCodeSentForATooBigMessage() + " ";
    assertEquals(sent, ServerEvents.await("close", WAIT).substring(0, sent.length()));
  }

  /**
   * The close code a transport sends when a message crosses its limit: 1009 (Message Too Big), as
   * RFC 6455 has it. A transport whose client cannot send 1009 overrides this with the code it
   * sends instead, and documents it; it still reports 1009 to the engine.
   */
  protected int closeCodeSentForATooBigMessage() {
    return CloseStatus.MESSAGE_TOO_BIG.code();
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void theTextLimitCountsUtf8Bytes(ServerKind kind) throws Exception {
    TransportConnection connection =
        echo(kind, ConnectOptions.builder().maxTextMessageBytes(4000).build());

    connection.sendText("\u00e9".repeat(2000)); // 2000 characters, 4000 bytes: at the limit
    assertEquals("\u00e9".repeat(2000), connection.read(WAIT).text());
    connection.sendText("\u00e9".repeat(2001)); // 4002 bytes

    assertEquals(CloseStatus.MESSAGE_TOO_BIG.code(), readUntilClosed(connection).status().code());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void pingReturnsTheRoundTripTime(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());

    Duration rtt = connection.ping(WAIT);

    assertFalse(rtt.isNegative(), "round trip " + rtt);
    assertTrue(rtt.compareTo(WAIT) < 0, "round trip " + rtt);
    assertTrue(connection.isOpen());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void concurrentSendsNeverInterleave(ServerKind kind) throws Exception {
    int senders = 4;
    int each = 25;
    int size = 100_000; // several frames' worth for a transport that fragments
    TransportConnection connection =
        echo(kind, ConnectOptions.builder().bufferedMessages(senders * each).build());
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      int sender = s;
      CompletableFuture<Void> done = new CompletableFuture<>();
      sent.add(done);
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < each; i++) {
                    if (i % 2 == 0) {
                      connection.sendText(sender + ":" + i + ":" + "t".repeat(size));
                    } else {
                      connection.sendBinary(ByteBuffer.wrap(numbered(sender, i, size)));
                    }
                  }
                  done.complete(null);
                } catch (Throwable e) {
                  done.completeExceptionally(e);
                }
              },
              "contract-sender-" + s);
      thread.start();
    }
    go.countDown();
    for (CompletableFuture<Void> done : sent) {
      done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    int[] next = new int[senders];
    for (int m = 0; m < senders * each; m++) {
      Message echoed = connection.read(WAIT);
      int sender;
      int index;
      if (echoed.isText()) {
        String[] parts = echoed.text().split(":", 3);
        sender = Integer.parseInt(parts[0]);
        index = Integer.parseInt(parts[1]);
        assertEquals("t".repeat(size), parts[2], "text " + sender + ":" + index);
      } else {
        ByteBuffer bytes = echoed.binary();
        sender = bytes.getInt(0);
        index = bytes.getInt(4);
        byte[] whole = new byte[bytes.remaining()];
        bytes.duplicate().get(whole);
        assertArrayEquals(numbered(sender, index, size), whole, "binary " + sender + ":" + index);
      }
      // Each sender's messages in its own order; senders may interleave, frames may not.
      assertEquals(next[sender]++, index, "sender " + sender + "'s order");
    }
    assertTrue(connection.isOpen());
  }

  private static byte[] numbered(int sender, int index, int size) {
    byte[] bytes = ServerKind.bytes(sender + index, size);
    ByteBuffer.wrap(bytes).putInt(0, sender).putInt(4, index);
    return bytes;
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void closeFromAnotherThreadEndsABlockedRead(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    CompletableFuture<Throwable> read = blockedRead(connection);

    connection.close(CloseStatus.of(4002, "done"));

    ConnectionClosedException closed =
        assertInstanceOf(
            ConnectionClosedException.class, read.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(CloseStatus.of(4002, "done"), closed.status());
    assertEquals("close 4002 done", ServerEvents.await("close", WAIT));
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void abortFromAnotherThreadEndsABlockedReadWith1006(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    CompletableFuture<Throwable> read = blockedRead(connection);

    connection.abort();
    connection.abort(); // idempotent

    ConnectionClosedException closed =
        assertInstanceOf(
            ConnectionClosedException.class, read.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(CloseStatus.ABNORMAL_CLOSURE, closed.status());
    assertFalse(connection.isOpen());
    ServerEvents.await("close", WAIT); // the server saw the connection end
  }

  /** A read that blocks on another thread, until the connection ends it. */
  private static CompletableFuture<Throwable> blockedRead(TransportConnection connection)
      throws Exception {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    CountDownLatch reading = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              reading.countDown();
              try {
                Message message = connection.read();
                outcome.complete(new AssertionError("read returned " + message));
              } catch (Throwable e) {
                outcome.complete(e);
              }
            },
            "contract-blocked-reader");
    reader.start();
    reading.await();
    Await.until(
        () ->
            reader.getState() == Thread.State.WAITING
                || reader.getState() == Thread.State.TIMED_WAITING,
        WAIT,
        "the reader to block in read()");
    return outcome;
  }

  // ---------------------------------------------------------------------------------------------
  // poll and whenReadable: reading without a thread waiting

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void pollReturnsNullOnAQuietConnection(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());

    assertNull(connection.poll());
    assertNull(connection.poll());
    assertTrue(connection.isOpen());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void whenReadableRunsOnceWhenAMessageArrives_andTheMessageIsThenPolled(ServerKind kind)
      throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch told = new CountDownLatch(1);
    assertNull(connection.poll());
    connection.whenReadable(
        () -> {
          calls.incrementAndGet();
          told.countDown();
        });
    assertEquals(0, calls.get(), "the listener ran with nothing to poll");

    connection.sendText("one");

    assertTrue(told.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the listener was not called");
    assertEquals("one", connection.poll().text());
    assertNull(connection.poll());
    connection.sendText("two");
    // "two" is delivered after "one" was, listener and all: a second call would have happened.
    assertEquals("two", connection.read(WAIT).text());
    assertEquals(1, calls.get(), "the listener ran more than once");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void whenReadableRunsAtOnceOnTheCaller_whenAMessageIsAlreadyBuffered(ServerKind kind)
      throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    CountDownLatch arrived = new CountDownLatch(1);
    connection.whenReadable(arrived::countDown);
    connection.sendText("buffered");
    assertTrue(arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the message did not arrive");
    List<Thread> ranOn = new ArrayList<>();

    connection.whenReadable(() -> ranOn.add(Thread.currentThread()));

    assertEquals(List.of(Thread.currentThread()), ranOn, "ran at once, on the caller");
    assertEquals("buffered", connection.poll().text(), "the listener took nothing");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void whenReadableRunsOnTheServersClose_andPollThenThrowsItsStatus(ServerKind kind)
      throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    CountDownLatch told = new CountDownLatch(1);
    connection.whenReadable(told::countDown);

    connection.sendText("cmd:close 4001 bye");

    assertTrue(told.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the listener was not called");
    CloseStatus expected = CloseStatus.received(4001, "bye");
    assertEquals(
        expected, assertThrows(ConnectionClosedException.class, connection::poll).status());
    assertEquals(
        expected, assertThrows(ConnectionClosedException.class, connection::poll).status());
    List<Thread> ranOn = new ArrayList<>();
    connection.whenReadable(() -> ranOn.add(Thread.currentThread()));
    assertEquals(List.of(Thread.currentThread()), ranOn, "closed: a new listener runs at once");
    connection.close(CloseStatus.NORMAL);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void everyMessageBeforeTheServersCloseIsPolledBeforeTheException(ServerKind kind)
      throws Exception {
    TransportConnection connection =
        echo(kind, ConnectOptions.builder().bufferedMessages(2).build());

    connection.sendText("cmd:burst-close 10");

    for (int i = 0; i < 10; i++) {
      assertEquals("m" + i, pollWhenReadable(connection).text());
    }
    assertEquals(
        CloseStatus.received(4002, "after burst"),
        assertThrows(ConnectionClosedException.class, () -> pollWhenReadable(connection)).status());
    // The answer to the server's close may be held back until close(): replies still go out.
    connection.sendText("a reply to m9");
    connection.close(CloseStatus.NORMAL);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aListenerReplacedByASecondRegistrationIsNotCalled(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    AtomicInteger replaced = new AtomicInteger();
    CountDownLatch told = new CountDownLatch(1);
    connection.whenReadable(replaced::incrementAndGet);
    connection.whenReadable(told::countDown);

    connection.sendText("x");

    assertTrue(told.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the second was not called");
    assertEquals("x", connection.poll().text());
    connection.sendText("y");
    assertEquals("y", connection.read(WAIT).text()); // delivered after "x", listeners and all
    connection.close(CloseStatus.NORMAL);
    assertEquals(0, replaced.get(), "the replaced listener was called");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void closeAndAbortRunAWaitingListener_andPollThenThrows(ServerKind kind) throws Exception {
    TransportConnection closing = echo(kind, ConnectOptions.defaults());
    TransportConnection aborting = connect(closing.handshake().uri(), ConnectOptions.defaults());
    CountDownLatch told = new CountDownLatch(2);
    closing.whenReadable(told::countDown);
    aborting.whenReadable(told::countDown);

    closing.close(CloseStatus.of(4003, "done"));
    aborting.abort();

    assertTrue(told.await(WAIT.toSeconds(), TimeUnit.SECONDS), "a listener was not called");
    assertEquals(
        CloseStatus.of(4003, "done"),
        assertThrows(ConnectionClosedException.class, closing::poll).status());
    assertEquals(
        CloseStatus.ABNORMAL_CLOSURE,
        assertThrows(ConnectionClosedException.class, aborting::poll).status());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aFullBufferStopsReadingTheSocketWhenPolledToo_andLosesNothing(ServerKind kind)
      throws Exception {
    int count = 20_000;
    TransportConnection connection =
        echo(kind, ConnectOptions.builder().bufferedMessages(4).build());
    CountDownLatch told = new CountDownLatch(1);
    connection.whenReadable(told::countDown);

    connection.sendText("cmd:flood " + count + " 1024");
    // 20 MB cannot fit in the buffer and the sockets' buffers: the server's send blocks.
    assertTrue(told.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the listener was not called");
    Await.until(() -> Flood.latest != null, WAIT, "the flood to start");
    Flood flood = Flood.latest;
    flood.awaitStalled(Duration.ofMillis(300), WAIT);

    for (int i = 0; i < count; i++) {
      assertEquals(i, pollWhenReadable(connection).binary().getLong(0), "message " + i);
    }
    flood.awaitDone(WAIT);
    assertNull(connection.poll());
  }

  /**
   * The listener holds no lock that {@code poll} needs: another thread polls while it runs, and it
   * polls itself, on its own thread (the engine's listener does neither, but a transport must not
   * deadlock on it).
   */
  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void theListenerRunsWithoutALockPollNeeds_andMayPollOnItsThread(ServerKind kind)
      throws Exception {
    TransportConnection connection =
        echo(kind, ConnectOptions.builder().bufferedMessages(1).build());
    List<String> taken = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> listened = new CompletableFuture<>();
    connection.whenReadable(
        () -> {
          try {
            Message byAnother =
                CompletableFuture.supplyAsync(() -> pollOrFail(connection))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            taken.add(byAnother.text());
            Message byItself = connection.poll();
            if (byItself != null) {
              taken.add(byItself.text());
            }
            listened.complete(null);
          } catch (Throwable e) {
            listened.completeExceptionally(e);
          }
        });

    connection.sendText("cmd:burst-close 3");

    listened.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    try {
      while (true) {
        taken.add(pollWhenReadable(connection).text());
      }
    } catch (ConnectionClosedException e) {
      assertEquals(CloseStatus.received(4002, "after burst"), e.status());
    }
    assertEquals(List.of("m0", "m1", "m2"), taken);
    connection.close(CloseStatus.NORMAL);
  }

  private static Message pollOrFail(TransportConnection connection) {
    try {
      return connection.poll();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aListenerThatPollsTheCloseOnItsThreadDoesNotDeadlock(ServerKind kind) throws Exception {
    TransportConnection connection = echo(kind, ConnectOptions.defaults());
    CompletableFuture<Throwable> polled = new CompletableFuture<>();
    connection.whenReadable(
        () -> {
          try {
            polled.complete(new AssertionError("poll returned " + connection.poll()));
          } catch (Throwable e) {
            polled.complete(e);
          }
        });

    connection.sendText("cmd:close 4001 bye");

    ConnectionClosedException closed =
        assertInstanceOf(
            ConnectionClosedException.class, polled.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(CloseStatus.received(4001, "bye"), closed.status());
    connection.close(CloseStatus.NORMAL);
  }

  /**
   * Refusals both servers send well formed. (Tyrus's server answers a refusal its configurator
   * makes, such as {@code /busy}'s 503, with no body length and keeps the connection: an HTTP
   * client then waits for the body's end. {@link HostileServerContract} holds that case.)
   */
  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(ServerKind.TYRUS, "/nowhere", 404),
        Arguments.of(ServerKind.JETTY, "/nowhere", 404),
        Arguments.of(ServerKind.JETTY, "/busy", 503));
  }

  @ParameterizedTest(name = "{0}: {1} answers {2}")
  @MethodSource("refusals")
  void aRefusedHandshakeIsAHandshakeExceptionWithTheStatus(ServerKind kind, String path, int status)
      throws Exception {
    TestServer server = start(kind);

    HandshakeException refused =
        assertThrows(
            HandshakeException.class, () -> connect(server.uri(path), ConnectOptions.defaults()));

    assertEquals(status, refused.status());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void headersAndSubprotocolsReachTheServer(ServerKind kind) throws Exception {
    TestServer server = start(kind);
    TransportConnection connection =
        connect(
            server.uri("/echo"),
            ConnectOptions.builder()
                .header("X-Client", "one")
                .subprotocol("nope")
                .subprotocol("chat")
                .build());

    assertEquals("header x-client=one", ServerEvents.await("header x-client", WAIT));
    assertEquals("chat", connection.handshake().subprotocol().orElse(null));
    assertEquals(server.uri("/echo"), connection.handshake().uri());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void secretsInTheUriAreRedactedInErrors(ServerKind kind) throws Exception {
    TestServer server = start(kind);
    URI refused = URI.create(server.uri("/nowhere").toString() + "?token=s3cr3t-value");

    HandshakeException failed =
        assertThrows(HandshakeException.class, () -> connect(refused, ConnectOptions.defaults()));

    assertNoSecret(failed, "s3cr3t-value");
  }

  @Test
  void secretsInAnUnreachableUriAreRedactedInErrors() {
    URI closedPort = URI.create("ws://user:pa55word@127.0.0.1:1/x?token=s3cr3t-value");

    IOException failed =
        assertThrows(IOException.class, () -> connect(closedPort, ConnectOptions.defaults()));

    assertNoSecret(failed, "s3cr3t-value");
    assertNoSecret(failed, "pa55word");
    assertTrue(failed.getMessage().contains("token=REDACTED"), failed.getMessage());
  }

  @Test
  void onlyWebSocketUrisAreAcceptedNamingTheUriRedacted() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                transport()
                    .connect(
                        URI.create("http://127.0.0.1:1/x?secret=1"), ConnectOptions.defaults()));

    assertEquals(
        "uri must be a ws:// or wss:// URI; got http://127.0.0.1:1/x?secret=REDACTED",
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void connectsThroughAnHttpConnectProxy(ServerKind kind) throws Exception {
    TestServer server = start(kind);
    ConnectProxy proxy = closedAfterTheTest(new ConnectProxy());
    TransportConnection connection =
        connect(
            server.uri("/echo"),
            ConnectOptions.builder().proxy(ProxySelector.of(proxy.address())).build());

    connection.sendText("through");

    assertEquals("through", connection.read(WAIT).text());
    assertEquals(List.of("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1"), proxy.requests());
  }

  /** The length of a message in bytes (UTF-8 for text). */
  private static int length(Message message) {
    return message.isText()
        ? message.text().getBytes(StandardCharsets.UTF_8).length
        : message.binary().remaining();
  }

  /** Fails if {@code secret} appears in the message of {@code failure} or of any of its causes. */
  protected static void assertNoSecret(Throwable failure, String secret) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains(secret)) {
        throw new AssertionError("the secret appears in " + t, failure);
      }
    }
  }
}
