package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.runtime.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Correlation;
import dev.wsengine.Message;
import dev.wsengine.OnMessage;
import dev.wsengine.runtime.Events.Ack;
import dev.wsengine.runtime.Events.Order;
import dev.wsengine.runtime.Events.Tick;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, requests: a reply matched among stream messages completes its request and is not given
 * to {@code @OnMessage}; timeouts on the engine's clock; late replies go to {@code @OnMessage}; the
 * end of a session fails pending requests at once; the bound on requests in flight; requests from
 * {@code @OnOpen} with stream messages arriving meanwhile, none lost or reordered.
 *
 * <p>The protocol: a request is {@code req ID body}, its reply {@code rep ID body}, anything else a
 * stream message.
 */
@SuppressWarnings("try") // Stopping
class RequestsTest {
  /** {@code req 7 x} carries id 7; {@code rep 7 y} answers it. */
  static final Correlation WORDS =
      Correlation.of(
          request -> ((String) request).split(" ")[1],
          incoming ->
              incoming.isText() && incoming.text().startsWith("rep ")
                  ? incoming.text().split(" ")[1]
                  : null);

  private final InMemoryTransport transport = new InMemoryTransport();
  private final RecordingHandler handler = new RecordingHandler();

  @AfterEach
  void noEngineThreadLeft() {
    Engines.assertNoEngineThreads();
    for (InMemoryConnection connection : transport.connections()) {
      assertThat(connection.concurrentReadViolations()).isEmpty();
    }
  }

  private WebSocketEngine.Builder engine(DispatcherMode mode) {
    transport.accept();
    return Engines.builder(mode, handler, transport).correlation(WORDS);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    ExecutionException failed =
        assertThrows(
            ExecutionException.class, () -> future.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    return failed.getCause();
  }

  // ------------------------------------------------------------------------------ matching

  @BothDispatchers
  void aReplyAmongStreamMessagesCompletesItsRequestAndIsNotGivenToOnMessage(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode).readers(1).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      server.pushText("tick 1");
      CompletableFuture<String> balance = connection.request("req 7 balance", WAIT);
      assertThat(server.awaitSent(1, WAIT)).containsExactly(Message.text("req 7 balance"));
      server.pushText("tick 2").pushText("rep 7 100").pushText("tick 3");

      assertThat(balance.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rep 7 100");
      handler.await("text tick 3", WAIT);
      assertThat(handler.events())
          .containsExactly("open first", "text tick 1", "text tick 2", "text tick 3")
          .inOrder();
    }
  }

  @BothDispatchers
  void manyConcurrentRequestsWithFourReadersEachGetTheirOwnReply(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode).readers(4).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.lastConnection();
      Connection connection = handler.lastConnection();
      List<CompletableFuture<String>> replies = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        replies.add(connection.request("req " + i + " q", WAIT));
      }
      for (int i = 49; i >= 0; i--) {
        server.pushText("tick " + i).pushText("rep " + i + " a" + i);
      }
      for (int i = 0; i < 50; i++) {
        assertThat(replies.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS))
            .isEqualTo("rep " + i + " a" + i);
      }
      handler.awaitCount(e -> e.startsWith("text "), 50, WAIT, "fifty ticks");
      assertThat(handler.events(e -> e.startsWith("text rep"))).isEmpty();
    }
  }

  @BothDispatchers
  void repliesAlsoToOnMessageGivesTheMatchedReplyToOnMessageToo(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode).readers(1).repliesAlsoToOnMessage(true).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      CompletableFuture<String> reply = handler.lastConnection().request("req 1 q", WAIT);
      transport.lastConnection().awaitSent(1, WAIT);
      transport.lastConnection().pushText("rep 1 a");
      assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rep 1 a");
      handler.await("text rep 1 a", WAIT);
    }
  }

  @BothDispatchers
  void aReplyThatMatchesNoPendingRequestGoesToOnMessage(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = engine(mode).readers(1).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      CompletableFuture<String> reply = handler.lastConnection().request("req 1 q", WAIT);
      transport.lastConnection().awaitSent(1, WAIT);
      transport.lastConnection().pushText("rep 2 unknown").pushText("rep 1 a");
      assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rep 1 a");
      handler.await("text rep 2 unknown", WAIT);
      assertThat(handler.events(e -> e.startsWith("text rep")))
          .containsExactly("text rep 2 unknown");
    }
  }

  // ------------------------------------------------------------------------------ timeouts

  @BothDispatchers
  void aRequestTimesOutOnTheEnginesClock_andItsLateReplyGoesToOnMessage(DispatcherMode mode)
      throws Exception {
    VirtualClock clock = new VirtualClock();
    WebSocketEngine engine = engine(mode).readers(1).clock(clock).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      CompletableFuture<String> reply =
          handler.lastConnection().request("req 1 q", Duration.ofSeconds(5));
      assertThat(clock.awaitTimeoutPending(WAIT)).isEqualTo(Duration.ofSeconds(5));
      clock.advance(Duration.ofSeconds(5).minusNanos(1));
      assertThat(reply.isDone()).isFalse();
      clock.advance(Duration.ofNanos(1));

      Throwable timedOut = failure(reply);
      assertThat(timedOut).isInstanceOf(TimeoutException.class);
      assertThat(timedOut).hasMessageThat().startsWith("no reply to request 1 on session ");
      assertThat(timedOut).hasMessageThat().endsWith(" within its timeout PT5S");

      transport.lastConnection().pushText("rep 1 late");
      handler.await("text rep 1 late", WAIT);
    }
  }

  // ------------------------------------------------------------------------------ session end

  @BothDispatchers
  void restartFailsPendingRequestsAtOnce(DispatcherMode mode) throws Exception {
    VirtualClock clock = new VirtualClock(); // the request's own timeout never passes
    WebSocketEngine engine =
        engine(mode)
            .clock(clock)
            .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(1), Duration.ofMillis(1)))
            .build();
    transport.accept();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      CompletableFuture<String> reply = handler.lastConnection().request("req 1 q", WAIT);
      engine.restart();
      Throwable closed = failure(reply);
      assertThat(closed).isInstanceOf(ConnectionClosedException.class);
      assertThat(closed).hasCauseThat().hasMessageThat().contains("ended: restart() was called");
      assertThat(closed).hasCauseThat().hasMessageThat().contains("before the reply to request 1");
    }
  }

  @BothDispatchers
  void aLostConnectionFailsPendingRequestsAtOnceWithTheServersStatus(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode).clock(new VirtualClock()).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      CompletableFuture<String> reply = handler.lastConnection().request("req 1 q", WAIT);
      transport.lastConnection().serverClose(dev.wsengine.CloseStatus.of(4001, "bye"));
      Throwable closed = failure(reply);
      assertThat(closed).isInstanceOf(ConnectionClosedException.class);
      assertThat(((ConnectionClosedException) closed).status().code()).isEqualTo(4001);
    }
  }

  @BothDispatchers
  void stopFailsPendingRequestsAtOnce_andLaterRequestsOnTheOldConnectionFailToo(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode).clock(new VirtualClock()).build();
    engine.start();
    Connection connection = handler.lastConnection();
    CompletableFuture<String> reply = connection.request("req 1 q", WAIT);
    engine.stop();
    assertThat(failure(reply)).isInstanceOf(ConnectionClosedException.class);
    assertThat(failure(connection.request("req 2 q", WAIT)))
        .isInstanceOf(ConnectionClosedException.class);
  }

  // ------------------------------------------------------------------------------ limits, errors

  @BothDispatchers
  void pastMaxRequestsInFlightARequestFailsAtOnceAndIsNotSent(DispatcherMode mode)
      throws Exception {
    WebSocketEngine engine = engine(mode).maxRequestsInFlight(2).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      Connection connection = handler.lastConnection();
      CompletableFuture<String> first = connection.request("req 1 q", WAIT);
      CompletableFuture<String> second = connection.request("req 2 q", WAIT);
      CompletableFuture<String> third = connection.request("req 3 q", WAIT);
      Throwable refused = failure(third);
      assertThat(refused).isInstanceOf(IllegalStateException.class);
      assertThat(refused)
          .hasMessageThat()
          .contains("maxRequestsInFlight 2 reached: that many requests already wait");
      // Requests are queued, not written on the caller's thread: wait for the two writes.
      transport.lastConnection().awaitSent(2, WAIT);
      assertThat(transport.lastConnection().sentTexts()).containsExactly("req 1 q", "req 2 q");

      transport.lastConnection().pushText("rep 1 a");
      assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rep 1 a");
      // One ended: there is room again.
      CompletableFuture<String> fourth = connection.request("req 4 q", WAIT);
      transport.lastConnection().pushText("rep 4 a").pushText("rep 2 b");
      assertThat(fourth.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rep 4 a");
      assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("rep 2 b");
    }
  }

  @BothDispatchers
  void aSecondRequestWithTheIdOfAPendingOneFails(DispatcherMode mode) throws Exception {
    WebSocketEngine engine = engine(mode).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      Connection connection = handler.lastConnection();
      CompletableFuture<String> first = connection.request("req 1 q", WAIT);
      Throwable duplicate = failure(connection.request("req 1 again", WAIT));
      assertThat(duplicate).isInstanceOf(IllegalStateException.class);
      assertThat(duplicate)
          .hasMessageThat()
          .contains("a request with id 1 is already waiting for its reply on session ");
      assertThat(first.isDone()).isFalse();
    }
  }

  @BothDispatchers
  void badArgumentsAndNoCorrelationAreClearErrors(DispatcherMode mode) throws Exception {
    transport.accept();
    WebSocketEngine plain = Engines.builder(mode, handler, transport).build();
    plain.start();
    try (Stopping stopping = Stopping.at(plain)) {
      IllegalStateException none =
          assertThrows(
              IllegalStateException.class, () -> handler.lastConnection().request("req 1 q", WAIT));
      assertThat(none)
          .hasMessageThat()
          .startsWith(
              "request() needs a correlation, to match replies to requests: build the engine with"
                  + " WebSocketEngine.Builder.correlation(...)");
    }

    WebSocketEngine engine = engine(mode).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      Connection connection = handler.lastConnection();
      IllegalArgumentException zero =
          assertThrows(
              IllegalArgumentException.class, () -> connection.request("req 1 q", Duration.ZERO));
      assertThat(zero).hasMessageThat().isEqualTo("timeout must be positive; got PT0S");
      assertThrows(
          IllegalArgumentException.class,
          () -> connection.request("req 1 q", Duration.ofSeconds(-1)));
      assertThrows(NullPointerException.class, () -> connection.request((String) null, WAIT));
      assertThrows(NullPointerException.class, () -> connection.request("req 1 q", null));
      assertThrows(
          NullPointerException.class, () -> connection.request("req 1 q", (Class<?>) null, WAIT));
    }
  }

  @Test
  void aCorrelationThatGivesNoIdIsAClearError() throws Exception {
    transport.accept();
    WebSocketEngine engine =
        Engines.builder(DispatcherMode.AUTO, handler, transport)
            .correlation(Correlation.of(request -> null, incoming -> null))
            .build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      IllegalArgumentException noId =
          assertThrows(
              IllegalArgumentException.class,
              () -> handler.lastConnection().request("req 1 q", WAIT));
      assertThat(noId)
          .hasMessageThat()
          .isEqualTo(
              "the correlation gave no id (null) for the request, a java.lang.String;"
                  + " Correlation.requestId must return the id the request carries");
      assertThat(transport.lastConnection().sentTexts()).isEmpty();
    }
  }

  @Test
  void builderOptionsAreValidated() {
    WebSocketEngine.Builder builder = WebSocketEngine.builder(Engines.URI, handler);
    IllegalArgumentException low =
        assertThrows(IllegalArgumentException.class, () -> builder.maxRequestsInFlight(0));
    assertThat(low)
        .hasMessageThat()
        .isEqualTo("maxRequestsInFlight must be between 1 and 1048576; got 0");
    IllegalArgumentException high =
        assertThrows(IllegalArgumentException.class, () -> builder.maxRequestsInFlight(1048577));
    assertThat(high)
        .hasMessageThat()
        .isEqualTo("maxRequestsInFlight must be between 1 and 1048576; got 1048577");
    NullPointerException nullCorrelation =
        assertThrows(NullPointerException.class, () -> builder.correlation(null));
    assertThat(nullCorrelation).hasMessageThat().isEqualTo("correlation");
    assertThrows(NullPointerException.class, () -> Correlation.of(null, m -> null));
    assertThrows(NullPointerException.class, () -> Correlation.of(r -> "x", null));
  }

  // ------------------------------------------------------------------------------ typed

  /**
   * Sends orders (encoded {@code order:BTC:7}); acks {@code ack:7} answer the order of quantity 7.
   */
  @Codecs(decoders = Events.EventDecoder.class, encoders = Events.OrderEncoder.class)
  static final class Orders {
    final List<String> events = new CopyOnWriteArrayList<>();

    @OnMessage
    void event(Events.Event event) {
      events.add("event " + event);
    }

    @OnMessage
    void raw(String text) {
      events.add("raw " + text);
    }
  }

  static final Correlation ORDERS =
      Correlation.of(
          request -> String.valueOf(((Order) request).quantity()),
          incoming ->
              incoming.isText() && incoming.text().startsWith("ack:")
                  ? incoming.text().substring(4)
                  : null);

  @BothDispatchers
  void aTypedRequestIsEncodedAndItsReplyDecoded_aReplyOfAnotherTypeFailsNamingBoth(
      DispatcherMode mode) throws Exception {
    transport.accept();
    Orders orders = new Orders();
    WebSocketEngine engine =
        Engines.builder(mode, orders, transport).correlation(ORDERS).readers(1).build();
    engine.start();
    try (Stopping stopping = Stopping.at(engine)) {
      Connection connection = engine.connection().orElseThrow();
      InMemoryConnection server = transport.lastConnection();
      CompletableFuture<Ack> ack = connection.request(new Order("BTC", 7), Ack.class, WAIT);
      assertThat(server.awaitSent(1, WAIT)).containsExactly(Message.text("order:BTC:7"));
      server.pushText("tick:BTC:100").pushText("ack:7");
      assertThat(ack.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Ack(7));

      CompletableFuture<Tick> wrong = connection.request(new Order("ETH", 8), Tick.class, WAIT);
      server.pushText("ack:8");
      Throwable mismatch = failure(wrong);
      assertThat(mismatch).isInstanceOf(IllegalStateException.class);
      assertThat(mismatch)
          .hasMessageThat()
          .isEqualTo(
              "the reply to request 8 decoded to a dev.wsengine.runtime.Events$Ack, not the reply"
                  + " type dev.wsengine.runtime.Events$Tick");

      CompletableFuture<byte[]> bytes = connection.request(new Order("ETH", 9), byte[].class, WAIT);
      server.pushText("ack:9");
      assertThat(failure(bytes))
          .hasMessageThat()
          .contains("is a text message, but byte[] was asked for");

      CompletableFuture<Message> raw =
          connection.request(new Order("ETH", 10), Message.class, WAIT);
      server.pushText("ack:10");
      assertThat(raw.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Message.text("ack:10"));

      Await.until(() -> orders.events.size() == 1, WAIT, "the tick");
      assertThat(orders.events).containsExactly("event Tick[symbol=BTC, price=100]");
    }
  }

  // ------------------------------------------------------------------------------ @OnOpen

  @BothDispatchers
  void subscribeAndAwaitTheAckInOnOpenWithOneReader(DispatcherMode mode) throws Exception {
    subscribeAndAwaitTheAckInOnOpen(mode, 1, false);
  }

  @BothDispatchers
  void subscribeAndAwaitTheAckInOnOpenWithFourReadersOrderedByOneKey(DispatcherMode mode)
      throws Exception {
    subscribeAndAwaitTheAckInOnOpen(mode, 4, true);
  }

  @BothDispatchers
  void subscribeAndAwaitTheAckInOnOpenWithFourReaders(DispatcherMode mode) throws Exception {
    subscribeAndAwaitTheAckInOnOpen(mode, 4, false);
  }

  /**
   * {@code @OnOpen} subscribes and waits for the ack while ticks stream in before and after it;
   * then waits until the test has pushed more ticks, so some arrive after the ack while
   * {@code @OnOpen} still runs. Every tick reaches {@code @OnMessage} once, in order where the
   * readers keep one (one reader, or one key), and the ack never does.
   */
  private void subscribeAndAwaitTheAckInOnOpen(DispatcherMode mode, int readers, boolean oneKey)
      throws Exception {
    int before = 40;
    int after = 40;
    CountDownLatch pushedAfter = new CountDownLatch(1);
    List<String> acks = new CopyOnWriteArrayList<>();
    handler.onOpen(
        (info, connection, control) -> {
          acks.add(
              connection.request("req 1 subscribe", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS));
          acks.add(
              connection.request("req 2 snapshot", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS));
          pushedAfter.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        });
    WebSocketEngine.Builder builder = engine(mode).readers(readers);
    if (oneKey) {
      builder.orderBy(message -> "all");
    }
    WebSocketEngine engine = builder.build();
    CompletableFuture<Void> started =
        CompletableFuture.runAsync(
            () -> {
              try {
                engine.start();
              } catch (EngineStartException e) {
                throw new IllegalStateException(e);
              }
            });
    try (Stopping stopping = Stopping.at(engine)) {
      InMemoryConnection server = transport.awaitConnection(0, WAIT);
      server.awaitSent(1, WAIT);
      for (int i = 0; i < before; i++) {
        server.pushText("tick " + i);
      }
      server.pushText("rep 1 subscribed");
      server.awaitSent(2, WAIT);
      server.pushText("tick " + before).pushText("rep 2 snapshot").pushText("tick " + (before + 1));
      for (int i = before + 2; i < before + after; i++) {
        server.pushText("tick " + i);
      }
      pushedAfter.countDown();
      started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(acks).containsExactly("rep 1 subscribed", "rep 2 snapshot").inOrder();

      handler.awaitCount(e -> e.startsWith("text "), before + after, WAIT, "every tick");
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < before + after; i++) {
        expected.add("text tick " + i);
      }
      List<String> texts = handler.events(e -> e.startsWith("text "));
      if (readers == 1 || oneKey) {
        assertThat(texts).containsExactlyElementsIn(expected).inOrder();
      } else {
        assertThat(texts).containsExactlyElementsIn(expected);
      }
      assertThat(handler.events().get(0)).isEqualTo("open first");
    }
  }

  @BothDispatchers
  void anOnOpenWaitingForAReplyThatNeverComesIsBoundedByTheOpenTimeout(DispatcherMode mode)
      throws Exception {
    VirtualClock clock = new VirtualClock();
    List<CompletableFuture<String>> requests = new CopyOnWriteArrayList<>();
    handler.onOpen(
        (info, connection, control) -> {
          CompletableFuture<String> ack = connection.request("req 1 subscribe", Duration.ofDays(1));
          requests.add(ack);
          ack.get();
        });
    WebSocketEngine engine =
        engine(mode)
            .clock(clock)
            .openTimeout(Duration.ofSeconds(30))
            // Past the open timeout: advancing to it must not also pass the request's send
            // deadline, which would race the write's completion (a send timeout, not a close).
            .sendTimeout(Duration.ofMinutes(5))
            .build();
    CompletableFuture<Void> started =
        CompletableFuture.runAsync(
            () -> {
              try {
                engine.start();
              } catch (EngineStartException e) {
                throw new IllegalStateException(e);
              }
            });
    transport.awaitConnection(0, WAIT).awaitSent(1, WAIT);
    Await.until(
        () -> clock.awaitTimeoutPending(WAIT) != null && requests.size() == 1,
        WAIT,
        "@OnOpen waiting");
    clock.advance(Duration.ofSeconds(30));
    Throwable failed = failure(started);
    assertThat(failed).hasCauseThat().isInstanceOf(EngineStartException.class);
    assertThat(failed).hasCauseThat().hasMessageThat().contains("within openTimeout PT30S");
    assertThat(failure(requests.get(0))).isInstanceOf(ConnectionClosedException.class);
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
  }
}
