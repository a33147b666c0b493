package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only the Tyrus transport's connection does, against real servers, without the engine: the
 * Tyrus thread parked on a full hand-off, the ping timeout's message, Tyrus's idle timeout. The
 * contract every transport keeps is the kit's: {@link TyrusContractTest} and its siblings.
 */
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
  void tyrusIdleTimeoutIsOff() throws Exception {
    connect(ServerKind.TYRUS, ConnectOptions.defaults());

    assertThat(connection.tyrusIdleTimeout()).isEqualTo(-1);
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
}
