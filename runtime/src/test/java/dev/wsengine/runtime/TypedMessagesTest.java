package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.DecodeException;
import dev.wsengine.EncodeException;
import dev.wsengine.EngineControl;
import dev.wsengine.Message;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.Pause;
import dev.wsengine.runtime.Events.Ack;
import dev.wsengine.runtime.Events.AckEncoder;
import dev.wsengine.runtime.Events.BinaryTickDecoder;
import dev.wsengine.runtime.Events.Event;
import dev.wsengine.runtime.Events.EventDecoder;
import dev.wsengine.runtime.Events.Fault;
import dev.wsengine.runtime.Events.Order;
import dev.wsengine.runtime.Events.OrderEncoder;
import dev.wsengine.runtime.Events.PrefixedDecoder;
import dev.wsengine.runtime.Events.Tick;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryConnection;
import dev.wsengine.testing.InMemoryTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Typed messages on a real engine (docs/messages.md), with both kinds of dispatcher: routing to the
 * most specific method, a sealed hierarchy, the raw fallback, unhandled and undecodable messages,
 * typed replies and sends, builder instances, and decoding while paused.
 */
class TypedMessagesTest {
  private static final Duration WAIT = Engines.WAIT;

  private final InMemoryTransport transport = new InMemoryTransport();

  @AfterEach
  void noThreadLeft() {
    Engines.assertNoEngineThreads();
  }

  /** Routes events by type; replies to a tick with an ack, which the encoder sends. */
  @Codecs(
      decoders = {EventDecoder.class, BinaryTickDecoder.class},
      encoders = {AckEncoder.class, OrderEncoder.class})
  static final class Trader {
    final List<String> events = new CopyOnWriteArrayList<>();

    @OnMessage
    Ack tick(Tick tick) {
      events.add("tick " + tick.symbol() + " " + tick.price());
      return tick.price() == 0 ? null : new Ack(tick.price());
    }

    @OnMessage
    void ack(Ack ack, Connection connection) {
      events.add("ack " + ack.id() + " on " + (connection != null));
    }

    @OnMessage
    void event(Event event) {
      events.add("event " + event);
    }

    @OnMessage
    void raw(String text) {
      events.add("raw " + text);
    }

    @OnReadError
    void failed(Throwable error) {
      events.add("error " + error.getClass().getSimpleName() + ": " + error.getMessage());
      if (error instanceof DecodeException decode) {
        events.add("undecoded " + decode.undecoded().text());
      }
    }
  }

  @BothDispatchers
  void routesEachDecodedMessageToItsMostSpecificMethodAndEncodesTheReply(DispatcherMode mode)
      throws Exception {
    Trader handler = new Trader();
    WebSocketEngine engine = builder(mode, handler).readers(1).build();
    engine.start();
    try {
      InMemoryConnection connection = transport.lastConnection();
      connection
          .pushText("tick:BTC:100")
          .pushText("ack:7")
          .pushText("fault:halted")
          .pushText("hello")
          .pushBinary(Events.binaryTick(42))
          .pushText("tick:ETH:0");
      Await.until(() -> handler.events.size() == 6, WAIT, "six messages handled");
      assertThat(handler.events)
          .containsExactly(
              "tick BTC 100",
              "ack 7 on true",
              "event Fault[reason=halted]",
              "raw hello",
              "tick BIN 42",
              "tick ETH 0")
          .inOrder();
      // A reply is encoded by the first encoder that takes it; a null reply sends nothing.
      assertThat(connection.awaitSent(2, WAIT))
          .containsExactly(Message.text("ack:100"), Message.text("ack:42"))
          .inOrder();
    } finally {
      engine.stop();
    }
  }

  @BothDispatchers
  void aDecoderThatFailsGivesOnReadErrorTheRawTextAndTheSessionGoesOn(DispatcherMode mode)
      throws Exception {
    Trader handler = new Trader();
    WebSocketEngine engine = builder(mode, handler).readers(1).build();
    engine.start();
    try {
      transport.lastConnection().pushText("bad:x").pushText("ack:nan").pushText("ack:8");
      Await.until(() -> handler.events.size() == 5, WAIT, "two failures and an ack");
      assertThat(handler.events)
          .containsExactly(
              "error DecodeException: not an event: bad",
              "undecoded bad:x",
              "error DecodeException: EventDecoder failed on a text message of 7 characters:"
                  + " java.lang.NumberFormatException: For input string: \"nan\"",
              "undecoded ack:nan",
              "ack 8 on true")
          .inOrder();
      assertThat(engine.state()).isEqualTo(EngineState.RUNNING);
    } finally {
      engine.stop();
    }
  }

  /** Only a tick method and no raw method: what else arrives is unhandled, with nothing lost. */
  @Codecs(decoders = EventDecoder.class)
  static final class TicksOnly {
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final List<Tick> ticks = new CopyOnWriteArrayList<>();

    @OnMessage
    void tick(Tick tick) {
      ticks.add(tick);
    }

    @OnReadError
    void failed(Throwable error) {
      errors.add(error);
    }
  }

  @BothDispatchers
  void whatNoMethodTakesGoesToOnReadErrorWithTheMessageAndWhatItDecodedTo(DispatcherMode mode)
      throws Exception {
    TicksOnly handler = new TicksOnly();
    WebSocketEngine engine = builder(mode, handler).readers(1).build();
    engine.start();
    try {
      transport.lastConnection().pushText("hello").pushText("ack:9").pushText("tick:BTC:1");
      Await.until(() -> handler.ticks.size() == 1, WAIT, "the tick");
      assertThat(handler.errors).hasSize(2);
      UnhandledMessageException notDecoded = (UnhandledMessageException) handler.errors.get(0);
      assertThat(notDecoded.unhandledMessage()).isEqualTo(Message.text("hello"));
      assertThat(notDecoded.decoded()).isNull();
      UnhandledMessageException noMethod = (UnhandledMessageException) handler.errors.get(1);
      assertThat(noMethod.unhandledMessage()).isEqualTo(Message.text("ack:9"));
      assertThat(noMethod.decoded()).isEqualTo(new Ack(9));
      assertThat(noMethod)
          .hasMessageThat()
          .isEqualTo(
              "a text message of 5 characters was decoded to a "
                  + Ack.class.getName()
                  + ", but "
                  + TicksOnly.class.getName()
                  + " has no @OnMessage method for it or a supertype of it, nor one for text"
                  + " messages");
    } finally {
      engine.stop();
    }
  }

  /**
   * Sends typed objects from @OnOpen: one with an encoder, one without, one the encoder refuses.
   */
  @Codecs(
      decoders = EventDecoder.class,
      encoders = {AckEncoder.class, OrderEncoder.class})
  static final class Sender {
    final List<String> outcomes = new CopyOnWriteArrayList<>();

    @OnOpen
    void opened(Connection connection) throws IOException {
      connection.send(new Order("BTC", 3));
      connection.send("plain");
      try {
        connection.send(new Fault("no encoder"));
      } catch (IllegalArgumentException e) {
        outcomes.add(e.getMessage());
      }
      try {
        connection.send(new Ack(-1));
      } catch (EncodeException e) {
        outcomes.add(e.getMessage());
      }
    }

    @OnMessage
    void tick(Tick tick) {}
  }

  @BothDispatchers
  void typedSendsUseTheEncodersAndFailClearlyWhenNoneFits(DispatcherMode mode) throws Exception {
    Sender handler = new Sender();
    WebSocketEngine engine = builder(mode, handler).build();
    engine.start();
    try {
      assertThat(transport.lastConnection().sent())
          .containsExactly(Message.text("order:BTC:3"), Message.text("plain"))
          .inOrder();
      assertThat(handler.outcomes)
          .containsExactly(
              "no encoder for "
                  + Fault.class.getName()
                  + ": the encoders of Sender take none of its types: AckEncoder"
                  + " (Encoder.Text<Ack>), OrderEncoder (Encoder.Text<Order>)",
              "negative id -1")
          .inOrder();
    } finally {
      engine.stop();
    }
  }

  /** Declares the default prefix decoder; the test gives a configured instance instead. */
  @Codecs(decoders = PrefixedDecoder.class)
  static final class Prefixed {
    final List<Tick> ticks = new CopyOnWriteArrayList<>();
    final List<String> raw = new CopyOnWriteArrayList<>();

    @OnMessage
    void tick(Tick tick) {
      ticks.add(tick);
    }

    @OnMessage
    void text(String text) {
      raw.add(text);
    }
  }

  @BothDispatchers
  void aConfiguredInstanceGivenToTheBuilderTakesThePlaceOfTheDeclaredClass(DispatcherMode mode)
      throws Exception {
    Prefixed handler = new Prefixed();
    WebSocketEngine engine =
        builder(mode, handler).readers(1).codec(new PrefixedDecoder("t>")).build();
    engine.start();
    try {
      transport.lastConnection().pushText("tick:BTC:1").pushText("t>ETH:2");
      Await.until(() -> handler.ticks.size() + handler.raw.size() == 2, WAIT, "both messages");
      assertThat(handler.ticks).containsExactly(new Tick("ETH", 2));
      assertThat(handler.raw).containsExactly("tick:BTC:1");
    } finally {
      engine.stop();
    }
  }

  @Test
  void theBuilderRefusesWhatIsNotACodecAndTwoInstancesOfOneClass() {
    WebSocketEngine.Builder builder = builder(DispatcherMode.AUTO, new Prefixed());
    IllegalArgumentException notACodec =
        assertThrows(IllegalArgumentException.class, () -> builder.codec("json"));
    assertThat(notACodec)
        .hasMessageThat()
        .isEqualTo(
            "codec must implement dev.wsengine.Decoder.Text or .Binary, dev.wsengine.Encoder.Text"
                + " or .Binary, or their jakarta.websocket counterparts; got java.lang.String");
    builder.codec(new PrefixedDecoder("a"));
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> builder.codec(new PrefixedDecoder("b")));
    assertThat(twice)
        .hasMessageThat()
        .isEqualTo(
            "codec: two instances of "
                + PrefixedDecoder.class.getName()
                + " given; give one per class (it replaces the one @Codecs would make)");
  }

  /** Subscribes in a pause and decodes the ack itself; other messages go on to the readers. */
  @Codecs(decoders = EventDecoder.class)
  static final class Subscriber {
    final List<String> events = new CopyOnWriteArrayList<>();

    @OnOpen
    void opened(Connection connection, EngineControl control) throws Exception {
      try (Pause pause = control.pause()) {
        connection.sendText("subscribe");
        Message reply = connection.receive(WAIT).orElseThrow();
        Optional<Object> decoded = connection.decode(reply);
        events.add("decoded " + decoded.orElseThrow());
        events.add("undecodable " + connection.decode(Message.text("hello")));
      }
    }

    @OnMessage
    void tick(Tick tick) {
      events.add("tick " + tick.price());
    }
  }

  @BothDispatchers
  void theHolderOfAPauseDecodesWithTheHandlersDecoders(DispatcherMode mode) throws Exception {
    Subscriber handler = new Subscriber();
    // The server's reply is there before start() dials: the pause takes it, the readers the rest.
    transport.accept(new InMemoryConnection().pushText("ack:1").pushText("tick:BTC:5"));
    WebSocketEngine engine = builder(mode, handler).build();
    engine.start();
    try {
      Await.until(() -> handler.events.size() == 3, WAIT, "the ack, then the tick");
      assertThat(handler.events)
          .containsExactly("decoded Ack[id=1]", "undecodable Optional.empty", "tick 5")
          .inOrder();
    } finally {
      engine.stop();
    }
  }

  private WebSocketEngine.Builder builder(DispatcherMode mode, Object handler) {
    return Engines.builder(mode, handler, transport);
  }
}
