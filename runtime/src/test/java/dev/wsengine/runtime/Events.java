package dev.wsengine.runtime;

import dev.wsengine.DecodeException;
import dev.wsengine.Decoder;
import dev.wsengine.EncodeException;
import dev.wsengine.Encoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A small exchange protocol for the typed-message tests, in a plain text form a reader can check by
 * eye: {@code tick:BTC:100}, {@code ack:7}, {@code fault:reason}. Anything else is not an event.
 */
public final class Events {
  private Events() {}

  /** What the server sends. */
  public sealed interface Event permits Tick, Ack, Fault {}

  public record Tick(String symbol, long price) implements Event {}

  public record Ack(long id) implements Event {}

  public record Fault(String reason) implements Event {}

  /** What the client sends: not an Event, so only an encoder for it can send it. */
  public record Order(String symbol, long quantity) {}

  /**
   * Decodes events; takes only text that starts with a known prefix. {@code bad:...} throws a
   * DecodeException; {@code ack:x} with a non-number throws NumberFormatException.
   */
  public static final class EventDecoder implements Decoder.Text<Event> {
    @Override
    public boolean willDecode(String text) {
      return text.startsWith("tick:")
          || text.startsWith("ack:")
          || text.startsWith("fault:")
          || text.startsWith("bad:");
    }

    @Override
    public Event decode(String text) throws DecodeException {
      String[] parts = text.split(":", -1);
      return switch (parts[0]) {
        case "tick" -> new Tick(parts[1], Long.parseLong(parts[2]));
        case "ack" -> new Ack(Long.parseLong(parts[1]));
        case "fault" -> new Fault(parts[1]);
        default -> throw new DecodeException(text, "not an event: " + parts[0]);
      };
    }
  }

  /** Encodes orders as {@code order:BTC:3}. */
  public static final class OrderEncoder implements Encoder.Text<Order> {
    @Override
    public String encode(Order order) {
      return "order:" + order.symbol() + ":" + order.quantity();
    }
  }

  /** Encodes acks as {@code ack:7}, and fails on a negative id. */
  public static final class AckEncoder implements Encoder.Text<Ack> {
    @Override
    public String encode(Ack ack) throws EncodeException {
      if (ack.id() < 0) {
        throw new EncodeException("negative id " + ack.id());
      }
      return "ack:" + ack.id();
    }
  }

  /** Decodes binary messages of one byte {@code 1} followed by a price into ticks of "BIN". */
  public static final class BinaryTickDecoder implements Decoder.Binary<Tick> {
    @Override
    public boolean willDecode(ByteBuffer bytes) {
      return bytes.remaining() == 9 && bytes.get() == 1;
    }

    @Override
    public Tick decode(ByteBuffer bytes) {
      bytes.get();
      return new Tick("BIN", bytes.getLong());
    }
  }

  /** A decoder configured with a prefix, which only an instance given to the builder has. */
  public static final class PrefixedDecoder implements Decoder.Text<Tick> {
    private final String prefix;

    public PrefixedDecoder() {
      this("tick:");
    }

    public PrefixedDecoder(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public boolean willDecode(String text) {
      return text.startsWith(prefix);
    }

    @Override
    public Tick decode(String text) {
      String[] parts = text.substring(prefix.length()).split(":", -1);
      return new Tick(parts[0], Long.parseLong(parts[1]));
    }
  }

  static byte[] binaryTick(long price) {
    return ByteBuffer.allocate(9).put((byte) 1).putLong(price).array();
  }

  static String utf8(ByteBuffer bytes) {
    return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
  }
}
