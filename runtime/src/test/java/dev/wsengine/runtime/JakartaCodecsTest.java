package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.DecodeException;
import dev.wsengine.Message;
import dev.wsengine.OnMessage;
import dev.wsengine.OnReadError;
import dev.wsengine.runtime.Events.Ack;
import dev.wsengine.runtime.Events.Tick;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryTransport;
import jakarta.websocket.EndpointConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/**
 * Existing {@code jakarta.websocket} decoders and encoders work unchanged: routed like ours, their
 * failures reported as ours, {@code init} once per run of the engine and {@code destroy} when it
 * stops.
 */
class JakartaCodecsTest {
  private static final Duration WAIT = Engines.WAIT;

  /** What the Jakarta codecs saw, in order; reset by each test. */
  static final List<String> LIFECYCLE = new CopyOnWriteArrayList<>();

  private final InMemoryTransport transport = new InMemoryTransport();

  @AfterEach
  void noThreadLeft() {
    LIFECYCLE.clear();
    Engines.assertNoEngineThreads();
  }

  /** A JSR-356 decoder as it would be written for a Jakarta endpoint. */
  public static final class JakartaTickDecoder implements jakarta.websocket.Decoder.Text<Tick> {
    @Override
    public void init(EndpointConfig config) {
      LIFECYCLE.add("decoder init " + (config != null));
    }

    @Override
    public void destroy() {
      LIFECYCLE.add("decoder destroy");
    }

    @Override
    public boolean willDecode(String text) {
      return text.startsWith("T ");
    }

    @Override
    public Tick decode(String text) throws jakarta.websocket.DecodeException {
      String[] parts = text.split(" ", -1);
      if (parts.length != 3) {
        throw new jakarta.websocket.DecodeException(text, "a tick has a symbol and a price");
      }
      return new Tick(parts[1], Long.parseLong(parts[2]));
    }
  }

  /** A JSR-356 encoder. */
  public static final class JakartaAckEncoder implements jakarta.websocket.Encoder.Text<Ack> {
    @Override
    public void init(EndpointConfig config) {
      LIFECYCLE.add("encoder init");
    }

    @Override
    public void destroy() {
      LIFECYCLE.add("encoder destroy");
    }

    @Override
    public String encode(Ack ack) {
      return "A " + ack.id();
    }
  }

  @Codecs(decoders = JakartaTickDecoder.class, encoders = JakartaAckEncoder.class)
  static final class Handler {
    final List<String> events = new CopyOnWriteArrayList<>();

    @OnMessage
    Ack tick(Tick tick, Connection connection) {
      events.add("tick " + tick.symbol() + " " + tick.price());
      return new Ack(tick.price());
    }

    @OnReadError
    void failed(Throwable error) {
      events.add(
          error.getClass().getSimpleName()
              + " "
              + error.getMessage()
              + " "
              + ((DecodeException) error).undecoded().text()
              + " caused by "
              + error.getCause().getClass().getName());
    }
  }

  @BothDispatchers
  void jakartaCodecsAreUsedUnchangedWithInitAndDestroyCalled(DispatcherMode mode)
      throws IOException, Exception {
    Handler handler = new Handler();
    WebSocketEngine engine = Engines.builder(mode, handler, transport).readers(1).build();
    assertThat(LIFECYCLE).isEmpty(); // nothing before start()
    engine.start();
    assertThat(LIFECYCLE).containsExactly("decoder init true", "encoder init").inOrder();
    transport.lastConnection().pushText("T BTC 5").pushText("T broken");
    Await.until(() -> handler.events.size() == 2, WAIT, "a tick and a failure");
    assertThat(handler.events)
        .containsExactly(
            "tick BTC 5",
            "DecodeException a tick has a symbol and a price T broken caused by "
                + jakarta.websocket.DecodeException.class.getName())
        .inOrder();
    assertThat(transport.lastConnection().awaitSent(1, WAIT)).containsExactly(Message.text("A 5"));
    engine.stop();
    assertThat(LIFECYCLE)
        .containsExactly("decoder init true", "encoder init", "decoder destroy", "encoder destroy")
        .inOrder();

    // A stopped engine may start again: its codecs are initialized again, and destroyed again.
    engine.start();
    engine.stop();
    assertThat(LIFECYCLE).hasSize(8);
    assertThat(LIFECYCLE.subList(4, 8))
        .containsExactly("decoder init true", "encoder init", "decoder destroy", "encoder destroy")
        .inOrder();
  }
}
