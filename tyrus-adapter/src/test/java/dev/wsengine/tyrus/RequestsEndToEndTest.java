package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Correlation;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.jackson.JsonCorrelation;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17's requests against both real servers' {@code /echo}: with {@code
 * JsonCorrelation.field("id")} an echoed request is its own reply, and echoed messages without an
 * id are the stream. Subscribe-and-ack in {@code @OnOpen} with the stream arriving meanwhile; a
 * request among stream messages; timeout; lost, restart and stop fail pending requests at once.
 */
class RequestsEndToEndTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final int TICKS = 40;

  private TestServer server;
  private WebSocketEngine engine;

  @AfterEach
  void tearDown() {
    if (engine != null) {
      engine.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  private static String tick(int n) {
    return "{\"type\":\"tick\",\"n\":" + n + "}";
  }

  /** Streams ticks, subscribes and waits for the ack in {@code @OnOpen}, streams more. */
  static final class Subscriber {
    final List<String> stream = new CopyOnWriteArrayList<>();
    volatile String ack;

    @OnOpen
    void opened(Connection connection) throws Exception {
      for (int i = 0; i < TICKS / 2; i++) {
        connection.sendText(tick(i)); // echoed before the ack
      }
      ack =
          connection
              .request("{\"id\":\"sub-1\",\"op\":\"subscribe\"}", WAIT)
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
      for (int i = TICKS / 2; i < TICKS; i++) {
        connection.sendText(tick(i)); // echoed while @OnOpen may still run
      }
    }

    @OnMessage
    void message(String text) {
      stream.add(text);
    }
  }

  @ParameterizedTest(name = "{0} server, readers {1}, one key {2}")
  @CsvSource({"TYRUS, 1, false", "TYRUS, 4, true", "JETTY, 1, false", "JETTY, 4, true"})
  void subscribeAndAwaitTheAckInOnOpen_noStreamMessageLostOrReordered(
      ServerKind kind, int readers, boolean oneKey) throws Exception {
    server = kind.start();
    Subscriber handler = new Subscriber();
    WebSocketEngine.Builder builder =
        Engines.builder(server.uri("/echo"), handler)
            .readers(readers)
            .correlation(JsonCorrelation.field("id"));
    if (oneKey) {
      builder.orderBy(message -> "all");
    }
    engine = builder.build();
    engine.start();

    assertThat(handler.ack).isEqualTo("{\"id\":\"sub-1\",\"op\":\"subscribe\"}");
    Await.until(() -> handler.stream.size() >= TICKS, WAIT, "every tick");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < TICKS; i++) {
      expected.add(tick(i));
    }
    assertThat(handler.stream).containsExactlyElementsIn(expected).inOrder();
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aRequestAmongStreamMessagesGetsItsReplyAndTheStreamGoesToOnMessage(ServerKind kind)
      throws Exception {
    server = kind.start();
    Subscriber handler = new Subscriber();
    engine =
        Engines.builder(server.uri("/echo"), handler)
            .readers(1)
            .correlation(JsonCorrelation.field("id"))
            .build();
    engine.start();
    Connection connection = engine.connection().orElseThrow();
    connection.sendText(tick(100));
    CompletableFuture<String> reply = connection.request("{\"id\":7,\"op\":\"balance\"}", WAIT);
    connection.sendText(tick(101));
    assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo("{\"id\":7,\"op\":\"balance\"}");
    Await.until(() -> handler.stream.size() == TICKS + 2, WAIT, "both ticks");
    assertThat(handler.stream.subList(TICKS, TICKS + 2))
        .containsExactly(tick(100), tick(101))
        .inOrder();
  }

  /** Requests that the echo never answers: their id is never on an incoming message. */
  private static final Correlation UNANSWERED =
      Correlation.of(request -> "never", incoming -> null);

  static final class Quiet {
    @OnMessage
    void message(String text) {}
  }

  private Connection startUnanswered(ServerKind kind) throws Exception {
    server = kind.start();
    engine =
        Engines.builder(server.uri("/echo"), new Quiet())
            .correlation(UNANSWERED)
            .reconnect(ReconnectPolicy.never())
            .build();
    engine.start();
    return engine.connection().orElseThrow();
  }

  private static Throwable failure(CompletableFuture<?> future) {
    return assertThrows(
            ExecutionException.class, () -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .getCause();
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aRequestWithoutReplyTimesOut(ServerKind kind) throws Exception {
    Connection connection = startUnanswered(kind);
    Throwable timedOut = failure(connection.request("cmd:silent", Duration.ofMillis(200)));
    assertThat(timedOut).isInstanceOf(TimeoutException.class);
    assertThat(timedOut).hasMessageThat().endsWith("within its timeout PT0.2S");
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aServerThatClosesFailsThePendingRequestWithItsStatus(ServerKind kind) throws Exception {
    Connection connection = startUnanswered(kind);
    Throwable closed = failure(connection.request("cmd:close 4001 bye", Duration.ofDays(1)));
    assertThat(closed).isInstanceOf(ConnectionClosedException.class);
    assertThat(((ConnectionClosedException) closed).status().code()).isEqualTo(4001);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void restartAndStopFailPendingRequestsAtOnce(ServerKind kind) throws Exception {
    server = kind.start();
    engine =
        Engines.builder(server.uri("/echo"), new Quiet())
            .correlation(UNANSWERED)
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(10)))
            .build();
    engine.start();
    CompletableFuture<String> beforeRestart =
        engine.connection().orElseThrow().request("cmd:silent", Duration.ofDays(1));
    engine.restart();
    assertThat(failure(beforeRestart)).isInstanceOf(ConnectionClosedException.class);

    Await.until(() -> engine.connection().isPresent(), WAIT, "the next session");
    CompletableFuture<String> beforeStop =
        engine.connection().orElseThrow().request("cmd:silent", Duration.ofDays(1));
    engine.stop();
    assertThat(failure(beforeStop)).isInstanceOf(ConnectionClosedException.class);
  }
}
