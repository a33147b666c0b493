package dev.wsengine.testing;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RecordingConnection connection = new RecordingConnection();

  record Quote(String symbol, long bid) {}

  @Test
  void sendOfAnObject_usesTheRegisteredEncoders_andRecordsTheObjectPassed() throws Exception {
    Quote quote = new Quote("BTC", 100);
    connection
        .textEncoder(Quote.class, q -> q.symbol() + "@" + q.bid())
        .binaryEncoder(Long.class, n -> ByteBuffer.allocate(8).putLong(n).flip());

    connection.send(quote);
    connection.send(7L);
    connection.send("plain");
    connection.send(new byte[] {1});
    connection.send(Message.binary(new byte[] {2}));

    assertThat(connection.sent())
        .containsExactly(
            Message.text("BTC@100"),
            Message.binary(ByteBuffer.allocate(8).putLong(7).flip()),
            Message.text("plain"),
            Message.binary(new byte[] {1}),
            Message.binary(new byte[] {2}))
        .inOrder();
    assertThat(connection.sentArguments().get(0)).isSameInstanceAs(quote);
    IllegalArgumentException none =
        assertThrows(IllegalArgumentException.class, () -> connection.send(1.5));
    assertThat(none)
        .hasMessageThat()
        .isEqualTo(
            "no encoder for java.lang.Double: register one with"
                + " RecordingConnection.textEncoder or binaryEncoder");
    assertThat(connection.sent()).hasSize(5);
  }

  @Test
  void decode_asksTheRegisteredDecodersOfTheMessagesKindInOrder() throws Exception {
    connection
        .decoder((dev.wsengine.Decoder.Binary<Integer>) bytes -> bytes.remaining())
        .decoder(
            new dev.wsengine.Decoder.Text<Quote>() {
              @Override
              public boolean willDecode(String text) {
                return text.contains("@");
              }

              @Override
              public Quote decode(String text) {
                String[] parts = text.split("@");
                return new Quote(parts[0], Long.parseLong(parts[1]));
              }
            });

    assertThat(connection.decode(Message.text("BTC@5"))).hasValue(new Quote("BTC", 5));
    assertThat(connection.decode(Message.text("no at sign"))).isEmpty();
    assertThat(connection.decode(Message.binary(new byte[3]))).hasValue(3);
    assertThat(new RecordingConnection().decode(Message.text("x"))).isEmpty();
  }

  @Test
  void recordsEverySend_inOrder_asItWasWhenSent() throws Exception {
    byte[] array = {1, 2, 3};
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 4, 5, 6});
    buffer.position(1);

    connection.sendText("hello");
    connection.sendBinary(array);
    connection.sendBinary(buffer);
    array[0] = 7;
    buffer.put(1, (byte) 7);

    assertThat(connection.sent())
        .containsExactly(
            Message.text("hello"),
            Message.binary(new byte[] {1, 2, 3}),
            Message.binary(new byte[] {4, 5, 6}))
        .inOrder();
    assertThat(buffer.position()).isEqualTo(1);
  }

  @Test
  void sentArguments_areTheVeryObjectsPassed() throws Exception {
    String text = new String("hello".getBytes(UTF_8), UTF_8);
    byte[] array = {1};
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {2});

    connection.sendText(text);
    connection.sendBinary(array);
    connection.sendBinary(buffer);

    List<Object> arguments = connection.sentArguments();
    assertThat(arguments).hasSize(3);
    assertThat(arguments.get(0)).isSameInstanceAs(text);
    assertThat(arguments.get(1)).isSameInstanceAs(array);
    assertThat(arguments.get(2)).isSameInstanceAs(buffer);
  }

  @Test
  void listsAreSnapshots() throws Exception {
    List<Message> before = connection.sent();
    List<Object> argumentsBefore = connection.sentArguments();
    List<Duration> pingsBefore = connection.pings();

    connection.sendText("later");
    connection.ping(WAIT);

    assertThat(before).isEmpty();
    assertThat(argumentsBefore).isEmpty();
    assertThat(pingsBefore).isEmpty();
    assertThrows(UnsupportedOperationException.class, () -> connection.sent().clear());
  }

  @Test
  void pingRecordsItsTimeout_andAnswersAtOnceWithZero() throws Exception {
    assertThat(connection.ping(Duration.ofSeconds(3))).isEqualTo(Duration.ZERO);
    assertThat(connection.ping(Duration.ofMillis(5))).isEqualTo(Duration.ZERO);

    assertThat(connection.pings())
        .containsExactly(Duration.ofSeconds(3), Duration.ofMillis(5))
        .inOrder();
    assertThat(connection.sent()).isEmpty();
  }

  @Test
  void failSendsWith_makesSendsAndPingsThrowIt_recordingNothing() throws Exception {
    connection.sendText("before");
    IOException failure = new IOException("broken pipe");

    assertThat(connection.failSendsWith(failure)).isSameInstanceAs(connection);

    assertThat(assertThrows(IOException.class, () -> connection.sendText("x")))
        .isSameInstanceAs(failure);
    assertThat(assertThrows(IOException.class, () -> connection.sendBinary(new byte[] {1})))
        .isSameInstanceAs(failure);
    assertThat(assertThrows(IOException.class, () -> connection.sendBinary(ByteBuffer.allocate(1))))
        .isSameInstanceAs(failure);
    assertThat(assertThrows(IOException.class, () -> connection.ping(WAIT)))
        .isSameInstanceAs(failure);
    assertThat(connection.sent()).containsExactly(Message.text("before"));
    assertThat(connection.sentArguments()).hasSize(1);
    assertThat(connection.pings()).isEmpty();
  }

  @Test
  void close_endsTheConnection_sendsAndPingsThrowWithTheStatus() throws Exception {
    CloseStatus status = CloseStatus.of(4001, "bye");
    assertThat(connection.isOpen()).isTrue();
    assertThat(connection.closeStatus()).isEmpty();

    connection.close(status);

    assertThat(connection.isOpen()).isFalse();
    assertThat(connection.closeStatus()).hasValue(status);
    assertThat(
            assertThrows(ConnectionClosedException.class, () -> connection.sendText("x")).status())
        .isEqualTo(status);
    assertThat(
            assertThrows(ConnectionClosedException.class, () -> connection.sendBinary(new byte[0]))
                .status())
        .isEqualTo(status);
    assertThat(
            assertThrows(
                    ConnectionClosedException.class,
                    () -> connection.sendBinary(ByteBuffer.allocate(0)))
                .status())
        .isEqualTo(status);
    assertThat(assertThrows(ConnectionClosedException.class, () -> connection.ping(WAIT)).status())
        .isEqualTo(status);
    assertThat(connection.sent()).isEmpty();
    assertThat(connection.pings()).isEmpty();
  }

  @Test
  void closeWinsOverFailSendsWith() {
    connection.failSendsWith(new IOException("broken pipe"));
    connection.close(CloseStatus.ABNORMAL_CLOSURE);

    assertThat(assertThrows(IOException.class, () -> connection.sendText("x")))
        .isInstanceOf(ConnectionClosedException.class);
  }

  @Test
  void closingAgainDoesNothing_theFirstStatusStays() {
    connection.close(CloseStatus.NORMAL);
    connection.close(CloseStatus.ABNORMAL_CLOSURE);

    assertThat(connection.closeStatus()).hasValue(CloseStatus.NORMAL);
  }

  @Test
  void receive_handsOutQueuedMessagesInOrder_thenEmptyAfterTheTimeout() throws Exception {
    assertThat(connection.queueIncoming(Message.text("one"))).isSameInstanceAs(connection);
    connection.queueIncoming(Message.binary(new byte[] {2}));

    assertThat(connection.receive(WAIT)).hasValue(Message.text("one"));
    assertThat(connection.receive(WAIT)).hasValue(Message.binary(new byte[] {2}));
    assertThat(connection.receive(Duration.ofMillis(1))).isEmpty();
  }

  @Test
  void receive_blockedCallerGetsAMessageQueuedLater() throws Exception {
    Receiver receiver = Receiver.start(connection, Duration.ofMinutes(5));
    receiver.awaitBlocked();

    connection.queueIncoming(Message.text("late"));

    assertThat(receiver.result()).hasValue(Message.text("late"));
  }

  @Test
  void receive_blockedCallerIsWokenByClose() throws Exception {
    Receiver receiver = Receiver.start(connection, Duration.ofMinutes(5));
    receiver.awaitBlocked();

    connection.close(CloseStatus.SERVICE_RESTART);

    ExecutionException thrown = assertThrows(ExecutionException.class, receiver::result);
    assertThat(thrown).hasCauseThat().isInstanceOf(ConnectionClosedException.class);
    assertThat(((ConnectionClosedException) thrown.getCause()).status())
        .isEqualTo(CloseStatus.SERVICE_RESTART);
  }

  @Test
  void receive_afterClose_handsOutWhatWasQueuedFirst_thenThrows() throws Exception {
    connection.queueIncoming(Message.text("before the close"));
    connection.close(CloseStatus.NORMAL);

    assertThat(connection.receive(WAIT)).hasValue(Message.text("before the close"));
    ConnectionClosedException thrown =
        assertThrows(ConnectionClosedException.class, () -> connection.receive(WAIT));
    assertThat(thrown.status()).isEqualTo(CloseStatus.NORMAL);
  }

  @Test
  void receive_interruptedWhileWaiting_losesNoMessage() throws Exception {
    Receiver receiver = Receiver.start(connection, Duration.ofMinutes(5));
    receiver.awaitBlocked();

    receiver.thread.interrupt();

    ExecutionException thrown = assertThrows(ExecutionException.class, receiver::result);
    assertThat(thrown).hasCauseThat().isInstanceOf(InterruptedException.class);
    connection.queueIncoming(Message.text("kept"));
    assertThat(connection.receive(WAIT)).hasValue(Message.text("kept"));
  }

  @Test
  void queueIncomingAfterClose_isRejected() {
    connection.close(CloseStatus.NORMAL);

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class, () -> connection.queueIncoming(Message.text("late")));

    assertThat(thrown)
        .hasMessageThat()
        .isEqualTo("queueIncoming needs an open connection; this one was closed with 1000");
  }

  @Test
  void sendsFromManyThreads_areAllRecorded() throws Exception {
    int threads = 8;
    int perThread = 500;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String name = "sender-" + t;
      senders.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    connection.sendText(name + ":" + i);
                  }
                } catch (IOException | InterruptedException e) {
                  throw new AssertionError(e);
                }
              },
              runnable -> newThread(runnable).start()));
    }
    go.countDown();
    CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new))
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    List<Message> sent = connection.sent();
    assertThat(sent).hasSize(threads * perThread);
    assertThat(connection.sentArguments()).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      String prefix = "sender-" + t + ":";
      List<String> own = new ArrayList<>();
      for (Message message : sent) {
        if (message.text().startsWith(prefix)) {
          own.add(message.text());
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        expected.add(prefix + i);
      }
      assertThat(own).containsExactlyElementsIn(expected).inOrder();
    }
  }

  @Test
  void handshake_isTheOneGiven_orALoopbackDefault() {
    Handshake custom =
        Handshake.of(URI.create("wss://example.test/feed"), Map.of("X-Id", List.of("7")), "v2");

    assertThat(new RecordingConnection(custom).handshake()).isSameInstanceAs(custom);
    assertThat(connection.handshake().uri()).isEqualTo(URI.create("ws://127.0.0.1/"));
    assertThat(connection.handshake().subprotocol()).isEmpty();
  }

  @Test
  void eachConnectionHasItsOwnSessionId() {
    assertThat(connection.sessionId()).isNotEqualTo(new RecordingConnection().sessionId());
  }

  @Test
  void toString_namesTheSessionAndState_neverPayloads() throws Exception {
    connection.sendText("secret-token");

    assertThat(connection.toString())
        .isEqualTo("RecordingConnection[session " + connection.sessionId() + ", open, 1 sent]");
    connection.close(CloseStatus.of(4000, "done"));
    assertThat(connection.toString()).contains("closed with 4000 done");
    assertThat(connection.toString()).doesNotContain("secret");
  }

  // ---------------------------------------------------------------------------------------------
  // Bad input

  @Test
  void nullArguments_areRejectedNamingTheParameter() {
    assertThat(assertThrows(NullPointerException.class, () -> new RecordingConnection(null)))
        .hasMessageThat()
        .isEqualTo("handshake");
    assertThat(assertThrows(NullPointerException.class, () -> connection.sendText(null)))
        .hasMessageThat()
        .isEqualTo("text");
    assertThat(assertThrows(NullPointerException.class, () -> connection.sendBinary((byte[]) null)))
        .hasMessageThat()
        .isEqualTo("data");
    assertThat(
            assertThrows(
                NullPointerException.class, () -> connection.sendBinary((ByteBuffer) null)))
        .hasMessageThat()
        .isEqualTo("data");
    assertThat(assertThrows(NullPointerException.class, () -> connection.failSendsWith(null)))
        .hasMessageThat()
        .isEqualTo("failure");
    assertThat(assertThrows(NullPointerException.class, () -> connection.queueIncoming(null)))
        .hasMessageThat()
        .isEqualTo("message");
    assertThat(assertThrows(NullPointerException.class, () -> connection.close(null)))
        .hasMessageThat()
        .isEqualTo("status");
    assertThat(assertThrows(NullPointerException.class, () -> connection.ping(null)))
        .hasMessageThat()
        .isEqualTo("timeout");
    assertThat(assertThrows(NullPointerException.class, () -> connection.receive(null)))
        .hasMessageThat()
        .isEqualTo("timeout");
    assertThat(connection.sent()).isEmpty();
  }

  @Test
  void nonPositiveTimeouts_areRejectedWithTheValue() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> connection.ping(Duration.ZERO)))
        .hasMessageThat()
        .isEqualTo("timeout must be positive; got PT0S");
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> connection.receive(Duration.ofSeconds(-1))))
        .hasMessageThat()
        .isEqualTo("timeout must be positive; got PT-1S");
    assertThat(
            assertThrows(IllegalArgumentException.class, () -> connection.receive(Duration.ZERO)))
        .hasMessageThat()
        .isEqualTo("timeout must be positive; got PT0S");
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> connection.ping(Duration.ofMillis(-5))))
        .hasMessageThat()
        .isEqualTo("timeout must be positive; got PT-0.005S");
    assertThat(connection.pings()).isEmpty();
  }

  @Test
  void aTimeoutOfCenturies_waitsWithoutOverflow() throws Exception {
    connection.queueIncoming(Message.text("now"));

    assertThat(connection.receive(Duration.ofSeconds(Long.MAX_VALUE)))
        .hasValue(Message.text("now"));
  }

  // ---------------------------------------------------------------------------------------------

  private static Thread newThread(Runnable body) {
    Thread thread = new Thread(body, "recording-connection-test");
    thread.setDaemon(true);
    return thread;
  }

  /** A thread blocked in receive, and what it got. */
  private static final class Receiver {
    final Thread thread;
    final CompletableFuture<Optional<Message>> result = new CompletableFuture<>();

    private Receiver(RecordingConnection connection, Duration timeout) {
      thread =
          newThread(
              () -> {
                try {
                  result.complete(connection.receive(timeout));
                } catch (Throwable e) {
                  result.completeExceptionally(e);
                }
              });
    }

    static Receiver start(RecordingConnection connection, Duration timeout) {
      Receiver receiver = new Receiver(connection, timeout);
      receiver.thread.start();
      return receiver;
    }

    void awaitBlocked() {
      Await.until(
          () -> thread.getState() == Thread.State.TIMED_WAITING,
          WAIT,
          () -> "the receiver to block; it is " + thread.getState());
    }

    Optional<Message> result() throws Exception {
      return result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
