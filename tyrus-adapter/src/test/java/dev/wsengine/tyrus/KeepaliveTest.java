package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.Flood;
import dev.wsengine.testing.transport.JettyTestServer;
import dev.wsengine.testing.transport.RawConnection;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keepalive: a server that stops answering is found dead; a live one, or a slow reader, is not.
 */
class KeepaliveTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  /** Short deadlines where the server is meant to fail them: the tests stay fast. */
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private static final Duration PONG_TIMEOUT = Duration.ofMillis(200);

  /**
   * Where the server is meant to pass, deadlines a loaded machine meets too (the servers run in
   * this JVM, on the same cores as the build): a false "dead" would be the test's fault.
   */
  private static final Duration RELAXED_PONG_TIMEOUT = Duration.ofMillis(500);

  private final RecordingHandler handler = new RecordingHandler();
  private final CountDownLatch release = new CountDownLatch(1);
  private TyrusTransport transport;
  private RawServer raw;
  private TestServer server;
  private WebSocketEngine engine;

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    if (engine != null) {
      engine.stop();
    }
    Flood.stopLatest();
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
    if (transport != null) {
      assertThat(transport.keepaliveRunning())
          .isFalse(); // the timer stops with the last connection
    }
  }

  @Test
  void serverThatGoesSilentIsDeclaredDeadAndTheEngineReconnects() throws Exception {
    transport = TyrusTransport.builder().keepalive(INTERVAL, PONG_TIMEOUT).build();
    // Completes the handshake, then reads everything and answers nothing, pings included.
    raw =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.drainUntilClosed();
            });
    engine =
        Engines.builder(raw.uri("/"), handler, transport).reconnect(Engines.FAST_RECONNECT).build();
    long start = System.nanoTime();
    engine.start();

    handler.await("close 1006 no pong within PT0.2S", WAIT);
    Duration detected = Duration.ofNanos(System.nanoTime() - start);
    handler.await("open restart 1", WAIT); // the normal restart path: a new connection
    raw.awaitConnection(2, WAIT);

    // At most one interval to the first ping, then the pong deadline; generous slack for CI.
    assertThat(detected).isLessThan(INTERVAL.plus(PONG_TIMEOUT).plusSeconds(2));
    assertThat(handler.closes().get(0))
        .isEqualTo(CloseStatus.received(1006, "no pong within PT0.2S"));
    assertThat(handler.events().subList(0, 3))
        .containsExactly("open first", "close 1006 no pong within PT0.2S", "open restart 1")
        .inOrder();
  }

  @Test
  void silentServerSeesPingsThenTheClientLeaves() throws Exception {
    transport = TyrusTransport.builder().keepalive(INTERVAL, PONG_TIMEOUT).build();
    raw =
        new RawServer(
            connection -> {
              connection.handshake();
              connection.readInBackground();
            });
    engine = Engines.builder(raw.uri("/"), handler, transport).build();
    engine.start();
    RawConnection connection = raw.awaitConnection(1, WAIT);

    RawConnection.Frame ping = connection.awaitFrame(RawConnection.PING, WAIT);
    assertThat(ping.payload()).hasLength(8);
    assertThat(engine.awaitTermination(WAIT))
        .isTrue(); // no reconnect: the dead link stops the engine
    RawConnection.Frame close = connection.awaitFrame(RawConnection.CLOSE, WAIT);
    assertThat(close.closeCode()).isEqualTo(1001);
    assertThat(close.closeReason()).isEqualTo("no pong");
    assertThat(handler.closes())
        .containsExactly(CloseStatus.received(1006, "no pong within PT0.2S"));
  }

  @Test
  void serverThatAnswersKeepsTheConnection() throws Exception {
    transport =
        TyrusTransport.builder().keepalive(Duration.ofMillis(50), RELAXED_PONG_TIMEOUT).build();
    server = new JettyTestServer(null);
    engine = Engines.builder(server.uri("/echo"), handler, transport).build();
    engine.start();

    // Pings answered over several pong deadlines: the keepalive left the connection alone.
    ServerEvents.awaitCount("ping", 4, WAIT);
    assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    assertThat(handler.events()).containsExactly("open first");
    assertThat(transport.keepaliveRunning()).isTrue();
    assertThat(ThreadCounts.names("wsengine-tyrus-keepalive")).hasSize(1);
  }

  @Test
  void readerTooSlowToReadThePongIsNotMistakenForADeadServer() throws Exception {
    transport =
        TyrusTransport.builder().keepalive(Duration.ofMillis(50), RELAXED_PONG_TIMEOUT).build();
    server = ServerKind.TYRUS.start();
    AtomicInteger received = new AtomicInteger();
    handler.recordMessages(false);
    handler.onBinary(
        (data, c, control) -> {
          if (received.getAndIncrement() == 0 && !release.await(1, TimeUnit.MINUTES)) {
            throw new AssertionError("never released");
          }
        });
    handler.onOpen((info, c, control) -> c.sendText("cmd:flood 128 65536"));
    ConnectOptions options = ConnectOptions.builder().bufferedMessages(2).build();
    engine =
        Engines.builder(server.uri("/echo"), handler, transport)
            .readers(1)
            .connectOptions(options)
            .build();
    engine.start();

    // The handler holds the only reader; the hand-off fills, Tyrus stops reading, and the pongs
    // wait in TCP's buffers behind the flood. Hold it for several pong deadlines.
    Await.until(() -> Flood.latest != null, WAIT, "the flood");
    Flood.latest.awaitStalled(RELAXED_PONG_TIMEOUT.multipliedBy(3), WAIT);
    release.countDown();

    Await.until(() -> received.get() == 128, WAIT, () -> "128 messages; got " + received);
    assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    assertThat(handler.events()).containsExactly("open first");
  }
}
