package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SPI contract of TransportConnection, held against real servers, without the engine. */
class TransportTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final Duration PROMPT = Duration.ofSeconds(2);

  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();
  private TestServer server;
  private RawServer raw;
  private TyrusConnection connection;

  @AfterEach
  void tearDown() throws Exception {
    if (connection != null) {
      connection.abort();
    }
    if (server != null) {
      server.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  private TyrusConnection connect(ServerKind kind, ConnectOptions options) throws Exception {
    server = kind.start();
    connection = (TyrusConnection) transport.connect(server.uri("/echo"), options);
    return connection;
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void interruptedReadsLoseAndReorderNothing(ServerKind kind) throws Exception {
    int count = 3000;
    connect(kind, ConnectOptions.builder().bufferedMessages(4).build());
    List<Long> received = new ArrayList<>();
    AtomicInteger interrupted = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Void> reading = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                while (received.size() < count) {
                  try {
                    Message message = connection.read();
                    received.add(message.binary().getLong(0));
                  } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                  }
                }
                reading.complete(null);
              } catch (Throwable e) {
                reading.completeExceptionally(e);
              } finally {
                done.set(true);
              }
            },
            "test-reader");
    reader.start();
    connection.sendText("cmd:flood " + count + " 16");
    // Interrupts at random moments: while the reader waits, while it takes, between reads.
    while (!done.get()) {
      reader.interrupt();
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(20_000));
    }
    reading.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      expected.add(i);
    }
    assertThat(received).containsExactlyElementsIn(expected).inOrder();
    assertThat(interrupted.get()).isGreaterThan(0);
  }

  @Test
  void readWithTimeoutReturnsNullWhenNothingArrives() throws Exception {
    connect(ServerKind.TYRUS, ConnectOptions.defaults());

    assertThat(connection.read(Duration.ofMillis(50))).isNull();
    connection.sendText("now");
    assertThat(connection.read(WAIT).text()).isEqualTo("now");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void closeReleasesATyrusThreadParkedOnAFullHandOff(ServerKind kind) throws Exception {
    connect(kind, ConnectOptions.builder().bufferedMessages(1).build());
    connection.sendText("cmd:flood 100 1024");
    Await.until(connection::receivingBlocked, WAIT, "Tyrus's thread to wait for room");

    long start = System.nanoTime();
    connection.close(CloseStatus.NORMAL);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
    Await.until(() -> !connection.receivingBlocked(), PROMPT, "Tyrus's thread to be released");
    assertThat(connection.isOpen()).isFalse();
    // What was handed over before the close is still read, then the status we closed with.
    assertThat(connection.read(WAIT).binary().getLong(0)).isEqualTo(0);
    ConnectionClosedException closed =
        assertThrows(ConnectionClosedException.class, connection::read);
    assertThat(closed.status()).isEqualTo(CloseStatus.NORMAL);
    TyrusThreads.awaitNoClientThreads(WAIT); // Grizzly's worker got out: the container is gone
    // Tyrus drops the socket right after writing the close frame; with the server's flood still
    // unread, the kernel resets the connection, and the server may see that before the frame.
    assertThat(ServerEvents.await("close", WAIT)).matches("close 1000|close 1006.*");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void abortReleasesAParkedTyrusThreadAndDropsWhatWasBuffered(ServerKind kind) throws Exception {
    connect(kind, ConnectOptions.builder().bufferedMessages(1).build());
    connection.sendText("cmd:flood 100 1024");
    Await.until(connection::receivingBlocked, WAIT, "Tyrus's thread to wait for room");

    connection.abort();
    connection.abort(); // idempotent

    Await.until(() -> !connection.receivingBlocked(), PROMPT, "Tyrus's thread to be released");
    ConnectionClosedException closed =
        assertThrows(ConnectionClosedException.class, connection::read);
    assertThat(closed.status()).isEqualTo(CloseStatus.ABNORMAL_CLOSURE);
    TyrusThreads.awaitNoClientThreads(WAIT);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void messagesBeforeTheCloseFrameAreReadBeforeTheClose(ServerKind kind) throws Exception {
    connect(kind, ConnectOptions.builder().bufferedMessages(2).build());
    connection.sendText("cmd:burst-close 10");

    for (int i = 0; i < 10; i++) {
      assertThat(connection.read(WAIT).text()).isEqualTo("m" + i);
    }
    CloseStatus expected = CloseStatus.received(4002, "after burst");
    assertThat(assertThrows(ConnectionClosedException.class, connection::read).status())
        .isEqualTo(expected);
    assertThat(assertThrows(ConnectionClosedException.class, connection::read).status())
        .isEqualTo(expected);
    // Tyrus's answer to the close frame is held back until we close, so replies still go out.
    connection.sendText("reply");
    connection.close(CloseStatus.NORMAL);
    assertThat(
            assertThrows(ConnectionClosedException.class, () -> connection.sendText("late"))
                .status())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void pingReturnsTheRoundTripTime(ServerKind kind) throws Exception {
    connect(kind, ConnectOptions.defaults());

    Duration rtt = connection.ping(WAIT);

    assertThat(rtt).isGreaterThan(Duration.ZERO);
    assertThat(rtt).isLessThan(WAIT);
  }

  @Test
  void pingTimesOutWhenNoPongComes() throws Exception {
    raw =
        new RawServer(
            c -> {
              c.handshake();
              c.drainUntilClosed();
            });
    connection = (TyrusConnection) transport.connect(raw.uri("/"), ConnectOptions.defaults());

    TimeoutException e =
        assertThrows(TimeoutException.class, () -> connection.ping(Duration.ofMillis(200)));

    assertThat(e).hasMessageThat().isEqualTo("no pong within PT0.2S");
    assertThat(connection.isOpen()).isTrue(); // an explicit ping does not judge the connection
  }

  @Test
  void pingWaitingWhenTheConnectionClosesFailsWithTheStatus() throws Exception {
    raw =
        new RawServer(
            c -> {
              c.handshake();
              c.readFrame(); // the ping
              c.close(4005, "no pongs here");
              c.drainUntilClosed();
            });
    connection = (TyrusConnection) transport.connect(raw.uri("/"), ConnectOptions.defaults());

    ConnectionClosedException e =
        assertThrows(ConnectionClosedException.class, () -> connection.ping(WAIT));

    assertThat(e.status()).isEqualTo(CloseStatus.received(4005, "no pongs here"));
  }

  @Test
  void sendsAndPingsAfterCloseFailWithTheStatus() throws Exception {
    connect(ServerKind.TYRUS, ConnectOptions.defaults());
    CloseStatus bye = CloseStatus.of(4003, "done");

    connection.close(bye);
    connection.close(CloseStatus.NORMAL); // closing a closed connection does nothing

    assertThat(
            assertThrows(ConnectionClosedException.class, () -> connection.sendText("x")).status())
        .isEqualTo(bye);
    assertThat(
            assertThrows(
                    ConnectionClosedException.class,
                    () -> connection.sendBinary(ByteBuffer.allocate(1)))
                .status())
        .isEqualTo(bye);
    assertThat(assertThrows(ConnectionClosedException.class, () -> connection.ping(WAIT)).status())
        .isEqualTo(bye);
    assertThat(assertThrows(ConnectionClosedException.class, connection::read).status())
        .isEqualTo(bye);
    assertThat(ServerEvents.await("close", WAIT)).isEqualTo("close 4003 done");
  }

  @Test
  void closeRefusesAStatusThatCannotBeSent() throws Exception {
    connect(ServerKind.TYRUS, ConnectOptions.defaults());

    assertThrows(
        IllegalArgumentException.class, () -> connection.close(CloseStatus.ABNORMAL_CLOSURE));
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void tyrusIdleTimeoutIsOff() throws Exception {
    connect(ServerKind.TYRUS, ConnectOptions.defaults());

    assertThat(connection.tyrusIdleTimeout()).isEqualTo(-1);
  }

  @Test
  void onlyWebSocketUrisAreAccepted() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                transport.connect(
                    URI.create("http://127.0.0.1:1/x?secret=1"), ConnectOptions.defaults()));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo("uri must be a ws:// or wss:// URI; got http://127.0.0.1:1/x?secret=REDACTED");
  }

  @Test
  void schemeInCapitalsIsAccepted() throws Exception {
    server = ServerKind.JETTY.start();
    connection =
        (TyrusConnection)
            transport.connect(
                URI.create("WS://127.0.0.1:" + server.port() + "/echo"), ConnectOptions.defaults());

    connection.sendText("loud");
    assertThat(connection.read(WAIT).text()).isEqualTo("loud");
  }

  @Test
  void interruptedConnectThrowsPromptlyAndLeavesNothingBehind() throws Exception {
    raw = new RawServer(c -> c.drainUntilClosed()); // accepts, never answers the handshake
    ConnectOptions options =
        ConnectOptions.builder().handshakeTimeout(Duration.ofSeconds(1)).build();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread connecting =
        new Thread(
            () -> {
              try {
                transport.connect(raw.uri("/"), options);
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
            },
            "test-connect");
    connecting.start();
    raw.awaitConnection(1, WAIT);

    long start = System.nanoTime();
    connecting.interrupt();

    assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(InterruptedException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
    // Tyrus's attempt ends with its handshake timeout; then its threads are gone (checked after).
  }
}
