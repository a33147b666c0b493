package dev.wsengine.jackson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.wsengine.Codecs;
import dev.wsengine.EncodeException;
import dev.wsengine.Encoder;
import java.util.Objects;

/**
 * Encodes any object as a JSON text message with Jackson: for {@code Connection.send(Object)} and
 * for {@code @OnMessage} methods that return a typed reply.
 *
 * <pre>{@code
 * public record Subscribe(String channel) {}
 *
 * @Codecs(decoders = Ticks.class, encoders = JsonEncoder.class)
 * final class TickerClient {
 *   @OnOpen
 *   void opened(Connection connection) throws IOException {
 *     connection.send(new Subscribe("ticks"));  // {"channel":"ticks"}
 *   }
 * }
 * }</pre>
 *
 * <p>It takes every object ({@code Encoder.Text<Object>}), so among a handler's encoders it belongs
 * last: encoders are asked in declaration order, and those after it are never reached.
 *
 * <p><b>Configuring the mapper.</b> {@code new JsonEncoder()} uses a shared mapper with Jackson's
 * defaults. For another, give {@code new JsonEncoder(mapper)} to the engine builder, where it
 * replaces the instance {@link Codecs} would make, or subclass it with a no-argument constructor
 * that passes your mapper and name the subclass in {@code @Codecs}. The mapper keeps all its
 * settings and must not be changed afterwards. Type information is written as the mapper would
 * write it: a class of a hierarchy annotated with {@code @JsonTypeInfo} gets its type property,
 * while the discriminator a {@link JsonDecoder} is given applies to decoding only.
 *
 * <p><b>Errors.</b> An object Jackson cannot serialize (one with no properties it can see, say, or
 * whose getter throws) fails with an {@link EncodeException} whose cause is Jackson's exception;
 * nothing is sent.
 *
 * <p><b>Threads.</b> An instance is immutable once constructed and safe for concurrent use: the
 * engine calls one instance from several threads at once. It encodes with one {@link ObjectWriter}
 * made by the constructor.
 */
public class JsonEncoder implements Encoder.Text<Object> {
  private final ObjectWriter writer;

  /** An encoder with the shared default mapper. */
  public JsonEncoder() {
    this(DefaultMapper.INSTANCE);
  }

  /**
   * An encoder with {@code mapper}, whose settings it keeps. The mapper must not be reconfigured
   * afterwards.
   *
   * @throws NullPointerException if {@code mapper} is null
   */
  public JsonEncoder(ObjectMapper mapper) {
    this.writer = Objects.requireNonNull(mapper, "mapper").writer();
  }

  /**
   * The JSON text of {@code object}.
   *
   * @throws EncodeException if Jackson cannot serialize it; the cause is Jackson's exception
   */
  @Override
  public String encode(Object object) throws EncodeException {
    Objects.requireNonNull(object, "object");
    try {
      return writer.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new EncodeException(
          getClass().getName()
              + " cannot encode a "
              + object.getClass().getName()
              + " as JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return getClass().getName() + "(JSON)";
  }
}
