package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.HandshakeException;
import dev.wsengine.Message;
import dev.wsengine.jdk.internal.JdkConnection;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.LoopbackServer;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TransportConnection contract over the JDK client, against the kit's Tyrus server. */
class JdkTransportTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  private static LoopbackServer server;

  private final JdkTransport transport = JdkTransport.builder().noKeepalive().build();
  private JdkConnection connection;

  @BeforeAll
  static void startServer() {
    server = LoopbackServer.start(EchoEndpoint.class);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void tearDown() {
    if (connection != null) {
      connection.abort();
    }
  }

  private JdkConnection connect(ConnectOptions options) throws Exception {
    connection = (JdkConnection) transport.connect(server.uri("/echo"), options);
    return connection;
  }

  @Test
  void echoesTextAndBinary() throws Exception {
    connect(ConnectOptions.defaults());

    connection.sendText("hello");
    connection.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));

    assertThat(connection.read(WAIT).text()).isEqualTo("hello");
    Message binary = connection.read(WAIT);
    assertThat(binary.isText()).isFalse();
    assertThat(binary.binary()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void readWithTimeoutReturnsNullWhenNothingArrives() throws Exception {
    connect(ConnectOptions.defaults());

    assertThat(connection.read(Duration.ofMillis(50))).isNull();
    connection.sendText("now");
    assertThat(connection.read(WAIT).text()).isEqualTo("now");
  }

  @Test
  void assemblesMessagesSentInSeveralFrames() throws Exception {
    int size = 300_000;
    connect(ConnectOptions.defaults());

    connection.sendText("parts " + size + " text");
    connection.sendText("parts " + size + " binary");

    assertThat(connection.read(WAIT).text()).isEqualTo("x".repeat(size));
    assertThat(connection.read(WAIT).binary())
        .isEqualTo(ByteBuffer.wrap(EchoEndpoint.bytes(0, size)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"parts 5000 text", "whole 5000 text", "parts 5000 binary", "whole 5000 binary"})
  void aMessageOverTheLimitClosesWith1009(String command) throws Exception {
    connect(ConnectOptions.builder().maxTextMessageBytes(4000).maxBinaryMessageBytes(4000).build());
    connection.sendText("whole 4000 " + command.split(" ")[2]); // at the limit: fine

    connection.sendText(command);

    assertThat(connection.read(WAIT)).isNotNull();
    ConnectionClosedException closed =
        assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));
    assertThat(closed.status().code()).isEqualTo(1009);
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void theTextLimitCountsUtf8Bytes() throws Exception {
    connect(ConnectOptions.builder().maxTextMessageBytes(4000).build());

    connection.sendText("\u00e9".repeat(3000)); // 3000 characters, 6000 bytes: echoed

    ConnectionClosedException closed =
        assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));
    assertThat(closed.status().code()).isEqualTo(1009);
  }

  @Test
  void pingsAndSendsOnAClosedConnectionThrowTheStatus() throws Exception {
    connect(ConnectOptions.defaults());
    connection.close(CloseStatus.of(4005, "bye"));

    ConnectionClosedException ping =
        assertThrows(ConnectionClosedException.class, () -> connection.ping(WAIT));
    assertThat(ping.status().code()).isEqualTo(4005);
    assertThrows(
        ConnectionClosedException.class, () -> connection.sendBinary(ByteBuffer.wrap(new byte[1])));
    assertThrows(
        IllegalArgumentException.class, () -> connection.close(CloseStatus.ABNORMAL_CLOSURE));
    connection.close(CloseStatus.NORMAL); // again: nothing more
  }

  @Test
  void theServersCloseStatusReachesTheReaderAfterEarlierMessages() throws Exception {
    connect(ConnectOptions.defaults());

    connection.sendText("before");
    connection.sendText("close 4001 bye now");

    assertThat(connection.read(WAIT).text()).isEqualTo("before");
    ConnectionClosedException closed =
        assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));
    assertThat(closed.status().code()).isEqualTo(4001);
    assertThat(closed.status().reason()).isEqualTo("bye now");
    // The reply to the close is held back until close(): replies to earlier messages still go.
    connection.sendText("a reply to 'before'");
    connection.close(CloseStatus.NORMAL); // lets the held reply go
    Await.until(() -> !connection.isOpen(), WAIT, "the connection to end");
  }

  @Test
  void aRefusedHandshakeIsAHandshakeExceptionWithTheStatus() {
    HandshakeException refused =
        assertThrows(
            HandshakeException.class,
            () -> transport.connect(server.uri("/nowhere"), ConnectOptions.defaults()));
    assertThat(refused.status()).isEqualTo(404);
  }

  @Test
  void errorMessagesRedactUriSecrets() throws Exception {
    URI secret = URI.create(server.uri("/nowhere?token=s3cr3t-value").toString());
    HandshakeException refused =
        assertThrows(
            HandshakeException.class, () -> transport.connect(secret, ConnectOptions.defaults()));
    assertThat(refused.getMessage()).doesNotContain("s3cr3t-value");

    URI closedPort = URI.create("ws://user:pa55word@127.0.0.1:1/x?token=s3cr3t-value");
    IOException failed =
        assertThrows(
            IOException.class, () -> transport.connect(closedPort, ConnectOptions.defaults()));
    assertThat(failed.getMessage()).doesNotContain("s3cr3t-value");
    assertThat(failed.getMessage()).doesNotContain("pa55word");
    assertThat(failed.getMessage()).contains("token=REDACTED");
  }

  @Test
  void sendsHeadersAndNegotiatesTheSubprotocol() throws Exception {
    EchoEndpoint.HEADERS.clear();
    connect(
        ConnectOptions.builder()
            .header("X-Client", "one")
            .header("X-Client", "two")
            .subprotocol("nope")
            .subprotocol("chat")
            .build());

    assertThat(EchoEndpoint.HEADERS).containsKey("x-client");
    assertThat(EchoEndpoint.HEADERS.get("x-client")).contains("one");
    assertThat(EchoEndpoint.HEADERS.get("x-client")).contains("two");
    assertThat(connection.handshake().subprotocol()).hasValue("chat");
    assertThat(connection.handshake().uri()).isEqualTo(server.uri("/echo"));
  }

  @Test
  void pingReturnsTheRoundTrip() throws Exception {
    connect(ConnectOptions.defaults());

    Duration rtt = connection.ping(WAIT);

    assertThat(rtt.isNegative()).isFalse();
  }

  @Test
  void aFloodWithASlowReaderNeverExceedsTheBuffer() throws Exception {
    int count = 2000;
    connect(ConnectOptions.builder().bufferedMessages(4).build());

    connection.sendText("flood " + count + " 1024");
    Await.until(connection::receivingBlocked, WAIT, "the socket to be left unread");
    List<Long> received = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      received.add(connection.read(WAIT).binary().getLong(0));
    }

    assertThat(connection.bufferedHighWater()).isAtMost(4);
    for (int i = 0; i < count; i++) {
      assertThat(received.get(i)).isEqualTo(i);
    }
  }

  @Test
  void interruptedReadsLoseNothing() throws Exception {
    int count = 500;
    connect(ConnectOptions.builder().bufferedMessages(2).build());
    List<Long> received = new ArrayList<>();
    AtomicInteger interrupts = new AtomicInteger();
    CompletableFuture<Void> reading = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                while (received.size() < count) {
                  try {
                    received.add(connection.read().binary().getLong(0));
                  } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                  }
                }
                reading.complete(null);
              } catch (Throwable e) {
                reading.completeExceptionally(e);
              }
            },
            "test-reader");
    reader.start();
    connection.sendText("flood " + count + " 16");
    while (!reading.isDone()) {
      reader.interrupt();
      Thread.onSpinWait();
    }
    reading.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    for (int i = 0; i < count; i++) {
      assertThat(received.get(i)).isEqualTo(i);
    }
  }

  @Test
  void closeFromAnotherThreadEndsABlockedRead() throws Exception {
    connect(ConnectOptions.defaults());
    CompletableFuture<Throwable> read = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                connection.read();
                read.complete(null);
              } catch (Throwable e) {
                read.complete(e);
              }
            });
    reader.start();

    connection.close(CloseStatus.of(4002, "done"));

    Throwable failure = read.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ConnectionClosedException.class);
    assertThat(((ConnectionClosedException) failure).status().code()).isEqualTo(4002);
    assertThrows(ConnectionClosedException.class, () -> connection.sendText("late"));
  }

  @Test
  void abortFromAnotherThreadEndsABlockedReadWith1006() throws Exception {
    connect(ConnectOptions.defaults());
    CompletableFuture<Throwable> read = new CompletableFuture<>();
    new Thread(
            () -> {
              try {
                connection.read();
                read.complete(null);
              } catch (Throwable e) {
                read.complete(e);
              }
            })
        .start();

    connection.abort();

    Throwable failure = read.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(((ConnectionClosedException) failure).status().code()).isEqualTo(1006);
  }

  @Test
  void concurrentSendsAllArrive() throws Exception {
    connect(ConnectOptions.builder().bufferedMessages(1000).build());
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread sender =
          new Thread(
              () -> {
                for (int i = 0; i < 100; i++) {
                  try {
                    connection.sendText(id + ":" + i);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
      senders.add(sender);
      sender.start();
    }
    for (Thread sender : senders) {
      sender.join(WAIT.toMillis());
    }
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      got.add(connection.read(WAIT).text());
    }
    assertThat(got).hasSize(400);
    assertThat(got).containsNoDuplicates();
  }
}
