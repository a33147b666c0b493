package dev.wsengine.docs.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.DecodeException;
import dev.wsengine.Message;
import dev.wsengine.docs.messages.json.Greeting;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.junit.NoThreadsLeft;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** messages.md's handlers, codecs and pause loop, run on the test kit's in-memory transport. */
@ExtendWith(NoThreadsLeft.class)
class MessagesTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final URI EXCHANGE = URI.create("ws://exchange.test/feed");

  private static WebSocketEngine.Builder builder(Object handler, InMemoryTransport server) {
    return WebSocketEngine.builder(EXCHANGE, handler)
        .transport(server)
        .readers(1) // in arrival order, so that the test can list what the handler saw
        .reconnect(ReconnectPolicy.never());
  }

  @Test
  void traderGetsEachMessageAtItsMostSpecificMethod_andItsTypedReplyIsSent() throws Exception {
    InMemoryTransport server = new InMemoryTransport();
    Trader trader = new Trader();
    WebSocketEngine engine = builder(trader, server).build();
    engine.start();
    try {
      server
          .connection(0)
          .pushText("tick BTC 99") // tick(Tick), which replies with an Order
          .pushText("tick ETH 3000") // tick(Tick), no reply
          .pushText("ack 7") // event(Event): no method takes Ack itself
          .pushText("rejected 8 too late") // event(Event)
          .pushText("tick BTC x") // EventDecoder takes it, then fails: @OnReadError
          .pushText("hello"); // no decoder takes it: text(String)

      Await.until(() -> trader.seen.size() == 6, WAIT, () -> "six messages: " + trader.seen);
      assertEquals(
          List.of(
              "BTC at 99",
              "ETH at 3000",
              "Ack[id=7]",
              "Rejected[id=8, reason=too late]",
              "undecodable: tick BTC x",
              "text: hello"),
          trader.seen);
      assertEquals(List.of("order BTC 1"), server.connection(0).sentTexts());
    } finally {
      engine.stop();
    }
  }

  @Test
  void traderHasAGeneratedDispatcherThatRoutesDecodedObjects() throws Exception {
    Class<?> dispatcher = Class.forName("dev.wsengine.docs.messages.Trader_Dispatcher");
    assertEquals(
        "onDecoded",
        dispatcher
            .getMethod("onDecoded", Object.class, dev.wsengine.spi.CallbackScope.class)
            .getName());
  }

  @Test
  void sendingATypeNoEncoderTakes_failsNamingTheClassAndTheEncoders() throws Exception {
    InMemoryTransport server = new InMemoryTransport();
    WebSocketEngine engine = builder(new Trader(), server).build();
    engine.start();
    try {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> engine.connection().orElseThrow().send(new Greeting("ann", "hello")));
      assertEquals(
          "no encoder for dev.wsengine.docs.messages.json.Greeting: the encoders of Trader take"
              + " none of its types: OrderEncoder (Encoder.Text<Order>)",
          e.getMessage());
      assertEquals(List.of(), server.connection(0).sent());
    } finally {
      engine.stop();
    }
  }

  @Test
  void orderDeskDecodesWhatItReceivesWhilePaused() throws Exception {
    InMemoryTransport server = new InMemoryTransport();
    Trader trader = new Trader();
    WebSocketEngine engine = builder(trader, server).build();
    engine.start();
    try {
      OrderDesk desk = new OrderDesk(engine);
      CompletableFuture<Event> answer =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return desk.place(new Order("BTC", 1));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      InMemoryConnection connection = server.connection(0);
      // The order is sent while the pause is held: what comes next goes to receive().
      assertEquals(List.of(Message.text("order BTC 1")), connection.awaitSent(1, WAIT));
      connection.pushText("tick BTC 98").pushText("ack 7").pushText("tick BTC 101");

      assertEquals(new Ack(7), answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      assertEquals(List.of(new Tick("BTC", 98)), desk.ticksWhileWaiting);
      // After the pause, the readers go on with what the loop did not take.
      Await.until(() -> trader.seen.size() == 1, WAIT, () -> "the last tick: " + trader.seen);
      assertEquals(List.of("BTC at 101"), trader.seen);
    } finally {
      engine.stop();
    }
  }

  @Test
  void aJakartaDecoderIsUsedUnchanged_initAtEachStart_destroyAtEachStop() throws Exception {
    InMemoryTransport server = new InMemoryTransport().accept().accept();
    LegacyTicker ticker = new LegacyTicker();
    LegacyTickDecoder decoder = new LegacyTickDecoder();
    WebSocketEngine engine = builder(ticker, server).codec(decoder).build();

    engine.start();
    assertEquals(1, decoder.inits.get());
    server.connection(0).pushText("tick BTC 5").pushText("tick BTC");
    Await.until(() -> ticker.received.size() == 2, WAIT, () -> "two: " + ticker.received);
    assertEquals(new Tick("BTC", 5), ticker.received.get(0));
    DecodeException failure = assertInstanceOf(DecodeException.class, ticker.received.get(1));
    assertEquals(Message.text("tick BTC"), failure.undecoded());
    assertEquals(
        "a tick is 'tick SYMBOL PRICE'",
        assertInstanceOf(jakarta.websocket.DecodeException.class, failure.getCause()).getMessage());
    engine.stop();
    assertEquals(1, decoder.destroys.get());

    engine.start();
    assertEquals(2, decoder.inits.get());
    engine.stop();
    assertEquals(2, decoder.destroys.get());
  }
}
