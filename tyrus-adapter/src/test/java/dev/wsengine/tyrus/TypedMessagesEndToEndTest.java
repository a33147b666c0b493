package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.DecodeException;
import dev.wsengine.Decoder;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.jackson.JsonDecoder;
import dev.wsengine.jackson.JsonEncoder;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Typed messages end to end against both servers' echo endpoints: what the handler sends typed
 * comes back and is decoded, with a hand-written decoder and with the Jackson codec.
 */
class TypedMessagesEndToEndTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

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

  /** A market event, sent and received as JSON, told apart by its "type". */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Tick.class, name = "Tick"),
    @JsonSubTypes.Type(value = Ack.class, name = "Ack")
  })
  public sealed interface Event permits Tick, Ack {}

  public record Tick(String symbol, long price) implements Event {}

  public record Ack(long id) implements Event {}

  /** The case: a hand-written decoder of {@code BTC 100}. */
  public static final class TickDecoder implements Decoder.Text<Tick> {
    @Override
    public boolean willDecode(String text) {
      return text.indexOf(' ') > 0;
    }

    @Override
    public Tick decode(String text) throws DecodeException {
      String[] parts = text.split(" ");
      try {
        return new Tick(parts[0], Long.parseLong(parts[1]));
      } catch (NumberFormatException e) {
        throw new DecodeException(text, "a tick's price is a number", e);
      }
    }
  }

  @Codecs(decoders = TickDecoder.class)
  static final class Ticks {
    final List<Object> received = new CopyOnWriteArrayList<>();

    @OnOpen
    void opened(Connection connection) throws IOException {
      connection.sendText("BTC 100");
      connection.sendText("ETH x");
      connection.sendText("ETH 7");
    }

    @OnMessage
    void tick(Tick tick) {
      received.add(tick);
    }

    @OnReadError
    void failed(Throwable error) {
      received.add(error.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aHandWrittenDecoderReceivesTicksFromARealServer(ServerKind kind) throws Exception {
    server = kind.start();
    Ticks handler = new Ticks();
    engine = Engines.builder(server.uri("/echo"), handler).readers(1).build();
    engine.start();
    Await.until(() -> handler.received.size() == 3, WAIT, "three echoes");
    assertThat(handler.received)
        .containsExactly(new Tick("BTC", 100), "a tick's price is a number", new Tick("ETH", 7))
        .inOrder();
  }

  /** Binds the Jackson decoder to the sealed Event. */
  public static final class EventJson extends JsonDecoder<Event> {}

  /** Sends a tick as JSON; the echo makes it an event to decode. */
  @Codecs(decoders = EventJson.class, encoders = JsonEncoder.class)
  static final class JsonEvents {
    final List<Object> received = new CopyOnWriteArrayList<>();

    @OnOpen
    void opened(Connection connection) throws IOException {
      connection.sendText("{\"type\":\"Tick\",\"symbol\":\"BTC\",\"price\":100,\"extra\":true}");
    }

    /** A tick is answered with an ack, encoded by Jackson; the echo brings the ack back. */
    @OnMessage
    Ack tick(Tick tick) {
      received.add(tick);
      return new Ack(tick.price());
    }

    @OnMessage
    void event(Event event) {
      received.add(event);
    }

    @OnMessage
    void raw(String text) {
      received.add("raw " + text);
    }

    @OnReadError
    void failed(Throwable error) {
      received.add(error.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void theJacksonCodecDecodesASealedHierarchyAndEncodesReplies(ServerKind kind) throws Exception {
    for (DispatcherMode mode : List.of(DispatcherMode.GENERATED, DispatcherMode.FALLBACK)) {
      server = kind.start();
      JsonEvents handler = new JsonEvents();
      engine =
          Engines.builder(server.uri("/echo"), handler).dispatcherMode(mode).readers(1).build();
      engine.start();
      Await.until(
          () -> handler.received.size() >= 2,
          WAIT,
          () -> "the tick, then the ack's echo: " + handler.received);
      // Unknown properties are ignored; the reply went out as {"type":"Ack","id":100}, and its
      // echo goes to the method for Event, as no method takes Ack itself.
      assertThat(handler.received).containsExactly(new Tick("BTC", 100), new Ack(100)).inOrder();
      engine.stop();
      engine = null;
      server.close();
      server = null;
    }
  }
}
