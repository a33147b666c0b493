package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.Decoder;
import dev.wsengine.Encoder;
import dev.wsengine.Message;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.runtime.Events.Ack;
import dev.wsengine.runtime.Events.Tick;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryTransport;
import jakarta.websocket.EndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/**
 * The less travelled roads of typed messages, with both dispatchers: binary codecs (ours and
 * Jakarta's), replies of every kind from decoded methods, a parameterized decoded type, codecs
 * given only to the builder, and every kind of object {@code send(Object)} takes.
 */
class CodecEdgesTest {
  private static final Duration WAIT = Engines.WAIT;

  private final InMemoryTransport transport = new InMemoryTransport();

  @AfterEach
  void noThreadLeft() {
    Engines.assertNoEngineThreads();
  }

  /** Binary {@code A<id>}: an Ack, as a Jakarta binary decoder. */
  public static final class JakartaAckDecoder implements jakarta.websocket.Decoder.Binary<Ack> {
    @Override
    public void init(EndpointConfig config) {}

    @Override
    public void destroy() {}

    @Override
    public boolean willDecode(ByteBuffer bytes) {
      return bytes.remaining() == 9 && bytes.get(bytes.position()) == 'A';
    }

    @Override
    public Ack decode(ByteBuffer bytes) {
      return new Ack(bytes.getLong(bytes.position() + 1));
    }
  }

  /** Encodes ticks as binary {@code T<price>}, as a Jakarta binary encoder. */
  public static final class JakartaTickEncoder implements jakarta.websocket.Encoder.Binary<Tick> {
    @Override
    public void init(EndpointConfig config) {}

    @Override
    public void destroy() {}

    @Override
    public ByteBuffer encode(Tick tick) {
      return ByteBuffer.allocate(9).put((byte) 'T').putLong(tick.price()).flip();
    }
  }

  /** Words: text that starts with "words " becomes a list of the rest's words. */
  public static final class WordsDecoder implements Decoder.Text<List<String>> {
    @Override
    public boolean willDecode(String text) {
      return text.startsWith("words ");
    }

    @Override
    public List<String> decode(String text) {
      return List.of(text.substring(6).split(" "));
    }
  }

  /** Given only to the builder: decodes "n=<number>" to a Long, and encodes Longs as binary. */
  public static final class Numbers implements Decoder.Text<Long>, Encoder.Binary<Long> {
    @Override
    public boolean willDecode(String text) {
      return text.startsWith("n=");
    }

    @Override
    public Long decode(String text) {
      return Long.parseLong(text.substring(2));
    }

    @Override
    public ByteBuffer encode(Long value) {
      return ByteBuffer.allocate(8).putLong(value).flip();
    }
  }

  @Codecs(
      decoders = {JakartaAckDecoder.class, WordsDecoder.class, Events.BinaryTickDecoder.class},
      encoders = JakartaTickEncoder.class)
  static final class Handler {
    final List<String> events = new CopyOnWriteArrayList<>();

    @OnOpen
    void opened(Connection connection) throws IOException {
      connection.send(new byte[] {1});
      connection.send(ByteBuffer.wrap(new byte[] {2}));
      connection.send(Message.binary(new byte[] {3}));
      connection.send(Message.text("four"));
      connection.send(new Tick("X", 5)); // the Jakarta binary encoder
      connection.send(6L); // the builder's encoder
    }

    @OnMessage
    String ack(Ack ack) {
      events.add("ack " + ack.id());
      return "acked " + ack.id();
    }

    @OnMessage
    @SuppressWarnings("rawtypes") // a decoded type is tested with instanceof, so it is raw
    byte[] words(List words) {
      events.add("words " + words);
      return new byte[] {(byte) words.size()};
    }

    @OnMessage
    ByteBuffer tick(Tick tick) {
      events.add("tick " + tick.price());
      return ByteBuffer.wrap(new byte[] {(byte) tick.price()});
    }

    /** "n=9" is decoded to a Long by the builder's decoder, which no method takes: so here. */
    @OnMessage
    String text(String text) {
      events.add("text " + text);
      return "raw " + text;
    }
  }

  @BothDispatchers
  void binaryAndJakartaCodecsRepliesOfEveryKindAndBuilderOnlyCodecs(DispatcherMode mode)
      throws Exception {
    Handler handler = new Handler();
    WebSocketEngine engine =
        Engines.builder(mode, handler, transport).readers(1).codec(new Numbers()).build();
    engine.start();
    try {
      transport
          .lastConnection()
          .pushBinary(ByteBuffer.allocate(9).put((byte) 'A').putLong(7).array())
          .pushText("words a b c")
          .pushBinary(Events.binaryTick(42))
          .pushText("n=9");
      Await.until(() -> handler.events.size() == 4, WAIT, "four messages");
      assertThat(handler.events)
          .containsExactly("ack 7", "words [a, b, c]", "tick 42", "text n=9")
          .inOrder();
      List<Message> sent = transport.lastConnection().awaitSent(10, WAIT);
      assertThat(sent)
          .containsExactly(
              Message.binary(new byte[] {1}),
              Message.binary(new byte[] {2}),
              Message.binary(new byte[] {3}),
              Message.text("four"),
              Message.binary(ByteBuffer.allocate(9).put((byte) 'T').putLong(5).flip()),
              Message.binary(ByteBuffer.allocate(8).putLong(6).flip()),
              Message.text("acked 7"),
              Message.binary(new byte[] {3}),
              Message.binary(new byte[] {42}),
              Message.text("raw n=9"))
          .inOrder();
    } finally {
      engine.stop();
    }
  }
}
