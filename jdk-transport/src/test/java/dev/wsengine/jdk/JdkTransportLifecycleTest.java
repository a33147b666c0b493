package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.jdk.internal.Clients;
import dev.wsengine.jdk.internal.JdkConnection;
import dev.wsengine.jdk.internal.Keepalive;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawConnection;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The engine on the JDK transport, keepalive, threads, the builder and ServiceLoader. */
@ExtendWith(NoThreadsLeft.class) // the engine's threads and this transport's wsengine-jdk-N
class JdkTransportLifecycleTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  /** The name of a JDK HttpClient's selector thread. */
  private static final java.util.regex.Pattern SELECTOR =
      java.util.regex.Pattern.compile("HttpClient-\\d+-SelectorManager");

  @Test
  void anInterruptedConnectLeavesNothingOpen() throws Exception {
    JdkTransport transport = JdkTransport.builder().noKeepalive().build();
    try (RawServer mute = new RawServer(RawConnection::drainUntilClosed)) { // never answers
      CompletableFuture<Throwable> connecting = new CompletableFuture<>();
      Thread connector =
          new Thread(
              () -> {
                try {
                  transport.connect(mute.uri("/"), ConnectOptions.defaults()).abort();
                  connecting.complete(null);
                } catch (Throwable e) {
                  connecting.complete(e);
                }
              });
      connector.start();
      Await.until(() -> transport.clientsInUse() == 1, WAIT, "the connect to start");

      connector.interrupt();

      assertThat(connecting.get(WAIT.toSeconds(), TimeUnit.SECONDS))
          .isInstanceOf(InterruptedException.class);
      assertThat(transport.clientsInUse()).isEqualTo(0);
    }
  }

  @Test
  void theEngineEchoesThroughTheJdkTransport() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    handler.onOpen(
        (info, c, control) -> {
          c.sendText("hello");
          c.sendBinary("bytes".getBytes(StandardCharsets.UTF_8));
        });
    handler.onText((text, c, control) -> text.equals("hello") ? "reply" : null);
    try (TestServer server = ServerKind.TYRUS.start()) {
      WebSocketEngine engine =
          WebSocketEngine.builder(server.uri("/echo"), handler)
              .transport(new JdkTransport())
              .reconnect(ReconnectPolicy.never())
              .openTimeout(WAIT)
              .stopTimeout(WAIT)
              .build();
      engine.start();

      handler.await("text reply", WAIT);
      handler.await("binary bytes", WAIT);
      assertThat(handler.events()).containsAtLeast("open first", "text hello", "text reply");

      engine.stop();
    }
    assertThat(handler.events()).contains("close none");
  }

  @Test
  void theEngineSeesTheServersCloseStatus() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    handler.onOpen((info, c, control) -> c.sendText("cmd:close 4003 going"));
    try (TestServer server = ServerKind.TYRUS.start()) {
      WebSocketEngine engine =
          WebSocketEngine.builder(server.uri("/echo"), handler)
              .transport(JdkTransport.builder().noKeepalive().build())
              .reconnect(ReconnectPolicy.never())
              .openTimeout(WAIT)
              .stopTimeout(WAIT)
              .build();
      engine.start();

      handler.await("close 4003 going", WAIT);
      engine.stop();
    }
  }

  @Test
  void aMissedPongEndsTheLinkWith1006() throws Exception {
    JdkTransport transport =
        JdkTransport.builder().keepalive(Duration.ofMillis(100), Duration.ofMillis(200)).build();
    try (RawServer silent =
        new RawServer(
            c -> {
              c.handshake();
              c.drainUntilClosed(); // reads the pings, answers nothing
            })) {
      JdkConnection connection =
          (JdkConnection) transport.connect(silent.uri("/"), ConnectOptions.defaults());

      ConnectionClosedException closed =
          assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));

      assertThat(closed.status().code()).isEqualTo(1006);
      assertThat(closed.status().reason()).contains("no pong");
      assertThat(connection.isOpen()).isFalse();
    }
  }

  /**
   * The keepalive is one thread per transport, whatever the number of connections: it pings each, a
   * connection that answers stays open, and the thread ends with the last connection.
   */
  @Test
  void oneKeepaliveThreadPingsEveryConnectionAndEndsWithTheLast() throws Exception {
    JdkTransport transport =
        JdkTransport.builder().keepalive(Duration.ofMillis(50), Duration.ofSeconds(1)).build();
    int connections = 3;
    int pings = 2; // no ping while the last one's deadline is ahead: one per second at most
    List<AtomicInteger> pinged = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      pinged.add(new AtomicInteger());
    }
    AtomicInteger accepted = new AtomicInteger();
    try (RawServer answering =
        new RawServer(
            c -> {
              AtomicInteger mine = pinged.get(accepted.getAndIncrement());
              c.handshake();
              while (true) {
                RawConnection.Frame frame = c.readFrame();
                if (frame == null || frame.opcode() == 0x8) {
                  return;
                }
                if (frame.opcode() == 0x9) {
                  c.sendFrame(RawConnection.fin(0xA), frame.payload());
                  mine.incrementAndGet();
                }
              }
            })) {
      List<TransportConnection> open = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        open.add(transport.connect(answering.uri("/"), ConnectOptions.defaults()));
      }

      for (AtomicInteger count : pinged) {
        Await.until(
            () -> count.get() >= pings, WAIT, "each connection to be pinged " + pings + "x");
      }

      assertThat(ThreadCounts.names(Keepalive.THREAD_PREFIX)).hasSize(1);
      for (TransportConnection connection : open) {
        assertThat(connection.isOpen()).isTrue(); // every pong came in time
        connection.close(CloseStatus.NORMAL);
      }
      ThreadCounts.awaitNoThreads(Keepalive.THREAD_PREFIX, WAIT);
    }
  }

  /**
   * The text limit counts UTF-8 bytes across the parts of a fragmented message: the listener bounds
   * a part by 3 bytes a char and counts exactly once that bound crosses the limit.
   */
  @Test
  void theTextLimitCountsUtf8BytesAcrossParts() throws Exception {
    String e1000 = "\u00e9".repeat(1000); // 2000 bytes
    try (RawServer fragmenting =
        new RawServer(
            c -> {
              c.handshake();
              c.sendTextPart(e1000, false);
              c.sendTextPart(e1000, true); // 4000 bytes: at the limit
              c.sendTextPart("a".repeat(2000), false);
              c.sendTextPart("b".repeat(2000), true); // 4000 bytes, bound by 12000
              c.sendTextPart(e1000, false);
              c.sendTextPart(e1000 + "\u00e9", true); // 4002 bytes
              c.drainUntilClosed();
            })) {
      JdkConnection connection =
          (JdkConnection)
              JdkTransport.builder()
                  .noKeepalive()
                  .build()
                  .connect(
                      fragmenting.uri("/"),
                      ConnectOptions.builder().maxTextMessageBytes(4000).build());

      assertThat(connection.read(WAIT).text()).isEqualTo(e1000 + e1000);
      assertThat(connection.read(WAIT).text()).isEqualTo("a".repeat(2000) + "b".repeat(2000));
      ConnectionClosedException closed =
          assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));
      assertThat(closed.status().code()).isEqualTo(1009);
      connection.close(CloseStatus.NORMAL);
    }
  }

  @Test
  void aHandshakeWithNoAnswerTimesOut() throws Exception {
    JdkTransport transport = JdkTransport.builder().noKeepalive().build();
    try (RawServer mute = new RawServer(RawConnection::drainUntilClosed)) { // never answers
      IOException failed =
          assertThrows(
              IOException.class,
              () ->
                  transport.connect(
                      mute.uri("/"),
                      ConnectOptions.builder().handshakeTimeout(Duration.ofMillis(300)).build()));

      assertThat(failed).hasMessageThat().contains("handshake timeout");
      assertThat(transport.clientsInUse()).isEqualTo(0);
    }
  }

  /**
   * Threads: a transport-made client runs listener calls on a pool of daemons named {@code
   * wsengine-jdk-N}, shut down when its last connection ends, and has one selector thread of the
   * JDK's ({@code HttpClient-N-SelectorManager}); on Java 17, which has no {@code
   * HttpClient.close()}, that one ends once the dropped client is collected, so the test collects.
   */
  @Test
  void noThreadsAreLeftOnceConnectionsEnd() throws Exception {
    // Only this test's clients: other tests' may still be alive in this JVM, and each JDK client's
    // selector thread has a name of its own.
    List<String> selectorsBefore = ThreadCounts.names(SELECTOR.asMatchPredicate());
    JdkTransport transport = JdkTransport.builder().noKeepalive().build();
    try (TestServer server = ServerKind.TYRUS.start()) {
      JdkConnection one =
          (JdkConnection) transport.connect(server.uri("/echo"), ConnectOptions.defaults());
      JdkConnection two =
          (JdkConnection) transport.connect(server.uri("/echo"), ConnectOptions.defaults());
      one.sendText("x");
      two.sendText("y");
      assertThat(one.read(WAIT).text()).isEqualTo("x");
      assertThat(two.read(WAIT).text()).isEqualTo("y");
      assertThat(transport.clientsInUse()).isEqualTo(1); // shared: one selector thread

      one.close(dev.wsengine.CloseStatus.NORMAL);
      two.abort();
      one = null;
      two = null;

      assertThat(transport.clientsInUse()).isEqualTo(0);
      ThreadCounts.awaitNoThreads(Clients.THREAD_PREFIX, WAIT);
      Await.until(
          () -> {
            System.gc();
            List<String> left = new ArrayList<>(ThreadCounts.names(SELECTOR.asMatchPredicate()));
            left.removeAll(selectorsBefore);
            return left.isEmpty();
          },
          WAIT,
          "the selector threads of this test's JDK clients to end");
    }
  }

  @Test
  void aGivenHttpClientIsUsedAndLeftOpen() throws Exception {
    var executor = Executors.newCachedThreadPool();
    try (TestServer server = ServerKind.TYRUS.start()) {
      HttpClient client = HttpClient.newBuilder().executor(executor).build();
      JdkTransport transport = JdkTransport.builder().httpClient(client).noKeepalive().build();
      JdkConnection connection =
          (JdkConnection) transport.connect(server.uri("/echo"), ConnectOptions.defaults());
      connection.sendText("via given client");
      assertThat(connection.read(WAIT).text()).isEqualTo("via given client");
      connection.abort();
      assertThat(transport.clientsInUse()).isEqualTo(0);
      assertThat(transport.toString()).contains("given");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void theBuilderRejectsBadValuesNamingThem() {
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class,
            () -> JdkTransport.builder().keepalive(Duration.ZERO, Duration.ofSeconds(1)));
    assertThat(zero).hasMessageThat().contains("keepalive interval");
    IllegalArgumentException tooLong =
        assertThrows(
            IllegalArgumentException.class,
            () -> JdkTransport.builder().keepalive(Duration.ofSeconds(1), Duration.ofDays(2)));
    assertThat(tooLong).hasMessageThat().contains("pong timeout");
    assertThrows(
        IllegalStateException.class,
        () ->
            JdkTransport.builder().executor(Runnable::run).httpClient(HttpClient.newHttpClient()));
  }

  @Test
  void connectRejectsBadUrisNamingThemRedacted() {
    JdkTransport transport = new JdkTransport();
    IllegalArgumentException http =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                transport.connect(
                    URI.create("http://127.0.0.1/x?token=s3cr3t"), ConnectOptions.defaults()));
    assertThat(http).hasMessageThat().contains("ws:// or wss://");
    assertThat(http).hasMessageThat().doesNotContain("s3cr3t");
  }

  @Test
  void serviceLoaderFindsTheTransport() {
    assertThat(
            ServiceLoader.load(Transport.class).stream().map(ServiceLoader.Provider::type).toList())
        .contains(JdkTransport.class);
    // What -Ddev.wsengine.transport=jdk chooses it by, when Tyrus is on the class path too.
    assertThat(new JdkTransport().name()).isEqualTo("jdk");
  }
}
