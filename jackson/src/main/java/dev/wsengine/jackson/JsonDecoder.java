package dev.wsengine.jackson;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.wsengine.Codecs;
import dev.wsengine.DecodeException;
import dev.wsengine.Decoder;
import java.util.Objects;

/**
 * Decodes JSON text messages into {@code T} with Jackson: records, plain classes, and sealed
 * interfaces or classes, whose subtype is named in the JSON object either by Jackson's own
 * {@code @JsonTypeInfo}/{@code @JsonSubTypes} or by a discriminator property given to the
 * constructor.
 *
 * <p>{@code T} is bound by a subclass, because {@link Codecs} names classes and the annotation
 * processor reads what a decoder produces from its type argument:
 *
 * <pre>{@code
 * public record Tick(String symbol, BigDecimal price) {}
 *
 * public final class Ticks extends JsonDecoder<Tick> {}
 *
 * @Codecs(decoders = Ticks.class)
 * final class TickerClient {
 *   @OnMessage
 *   void tick(Tick tick) { ... }
 * }
 * }</pre>
 *
 * <p><b>Sealed types.</b> When the messages are the subtypes of a sealed interface, bind {@code T}
 * to it. If the types carry Jackson's {@code @JsonTypeInfo} (and {@code @JsonSubTypes} or {@code
 * registerSubtypes}), nothing more is needed. Without Jackson annotations, name the property that
 * holds the type, and each concrete class of the hierarchy (found through {@link
 * Class#getPermittedSubclasses()}, at every level) is decoded under its {@code @JsonTypeName} or
 * else its simple name:
 *
 * <pre>{@code
 * public sealed interface Event permits Tick, Ack, Rejected {}  // {"type":"Tick","symbol":...}
 *
 * public final class Events extends JsonDecoder<Event> {
 *   public Events() { super("type"); }
 *   public Events(ObjectMapper mapper) { super(mapper, "type"); }
 * }
 *
 * @Codecs(decoders = Events.class)
 * final class Trader {
 *   @OnMessage void tick(Tick tick) { ... }
 *   @OnMessage void other(Event event) { ... }  // Ack and Rejected
 * }
 * }</pre>
 *
 * The discriminator property is consumed: it does not reach the record or class it selects. Jackson
 * reads an object fastest when the discriminator is its first property; where it comes later,
 * Jackson buffers the properties before it (still one parse, no tree).
 *
 * <p><b>Configuring the mapper.</b> The no-argument constructors use a shared mapper with Jackson's
 * defaults, except that properties the type does not have are ignored: servers add fields to their
 * messages, and a client should not break when they do. To configure Jackson (modules such as
 * {@code JavaTimeModule}, a naming strategy, failing on unknown properties), give a subclass a
 * constructor that takes an {@link ObjectMapper}, and give an instance to the engine builder, where
 * it replaces the one {@code @Codecs} would make; or have the no-argument constructor pass a mapper
 * of your own. A mapper given to the constructor keeps all its settings, and it must not be changed
 * afterwards. Whatever the mapper, the text must be exactly one JSON value: anything after it fails
 * the message.
 *
 * <p><b>Errors.</b> Malformed JSON, JSON of the wrong shape for {@code T}, a missing or unknown
 * discriminator value, and JSON {@code null} throw a {@link DecodeException} that carries the raw
 * text, with Jackson's exception (which says where in the text) as its cause; the engine gives it
 * to the handler's {@code @OnReadError} and the session goes on. Mistakes in the subclass itself
 * ({@code T} left unbound, a discriminator on a type that is not sealed) fail its constructor.
 *
 * <p><b>Threads.</b> An instance is immutable once constructed and is safe for concurrent use: the
 * engine calls one instance from all its reader threads at once. Each message is parsed once,
 * straight into {@code T}, with one {@link ObjectReader} made by the constructor.
 *
 * <p>In a named module, open the message types' packages to {@code com.fasterxml.jackson.databind}.
 *
 * @param <T> what the messages decode into; bound by the subclass
 */
public abstract class JsonDecoder<T> implements Decoder.Text<T> {
  private final JavaType type;
  private final ObjectReader reader;

  /**
   * A decoder with the shared default mapper (unknown properties ignored).
   *
   * @throws IllegalStateException if the subclass leaves {@code T} unbound
   */
  protected JsonDecoder() {
    this(DefaultMapper.INSTANCE, null, false);
  }

  /**
   * A decoder with {@code mapper}, whose settings it keeps (including how it treats unknown
   * properties). The mapper must not be reconfigured afterwards.
   *
   * @throws NullPointerException if {@code mapper} is null
   * @throws IllegalStateException if the subclass leaves {@code T} unbound
   */
  protected JsonDecoder(ObjectMapper mapper) {
    this(Objects.requireNonNull(mapper, "mapper"), null, false);
  }

  /**
   * A decoder with the shared default mapper for a sealed {@code T} whose subtypes carry no Jackson
   * annotations: the JSON object's property {@code discriminator} names the subtype.
   *
   * @param discriminator the property that holds the subtype's {@code @JsonTypeName} or simple
   *     name, such as {@code "type"}; not blank
   * @throws IllegalArgumentException if {@code discriminator} is blank, if {@code T} is not sealed,
   *     if a type of its hierarchy is non-sealed and abstract (its subtypes cannot be listed), or
   *     if two of its classes have the same name
   * @throws IllegalStateException if the subclass leaves {@code T} unbound
   */
  protected JsonDecoder(String discriminator) {
    this(DefaultMapper.INSTANCE, discriminator, true);
  }

  /**
   * A decoder with {@code mapper} for a sealed {@code T} whose subtypes carry no Jackson
   * annotations: the JSON object's property {@code discriminator} names the subtype. The decoder
   * works on a copy of {@code mapper}, with the same settings, that knows the hierarchy.
   *
   * @param discriminator the property that holds the subtype's {@code @JsonTypeName} or simple
   *     name, such as {@code "type"}; not blank
   * @throws NullPointerException if {@code mapper} is null
   * @throws IllegalArgumentException if {@code discriminator} is blank, if {@code T} is not sealed,
   *     if a type of its hierarchy is non-sealed and abstract, if two of its classes have the same
   *     name, or if {@code mapper} disables {@code MapperFeature.USE_ANNOTATIONS}
   * @throws IllegalStateException if the subclass leaves {@code T} unbound
   */
  protected JsonDecoder(ObjectMapper mapper, String discriminator) {
    this(Objects.requireNonNull(mapper, "mapper"), discriminator, true);
  }

  private JsonDecoder(ObjectMapper mapper, String discriminator, boolean hasDiscriminator) {
    if (hasDiscriminator && (discriminator == null || discriminator.isBlank())) {
      throw new IllegalArgumentException(
          getClass().getName()
              + " gives JsonDecoder the discriminator "
              + (discriminator == null ? "null" : "'" + discriminator + "'")
              + "; it must be the name of a JSON property, such as \"type\"");
    }
    if (TypeArgument.bound(getClass(), JsonDecoder.class, JsonDecoder.class.getTypeParameters()[0])
        == null) {
      throw new IllegalStateException(
          getClass().getName()
              + " leaves the type argument T of JsonDecoder<T> unbound, so it cannot know what to"
              + " decode into; bind it in the class declaration, as in 'final class Events extends"
              + " JsonDecoder<Event> {}'");
    }
    this.type =
        mapper.getTypeFactory().constructType(getClass()).findTypeParameters(JsonDecoder.class)[0];
    ObjectMapper effective =
        hasDiscriminator
            ? Discriminator.apply(mapper, type.getRawClass(), discriminator, getClass().getName())
            : mapper;
    // One value per message: a second value, or garbage, after the first is an error rather
    // than silently dropped, whatever the mapper's default.
    this.reader = effective.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Returns true: this decoder takes every text message. Deciding would mean parsing the text, and
   * then parsing it again to decode it, doubling the cost of every message; text that is not a
   * {@code T} fails in {@link #decode} instead, with a {@link DecodeException}. So a JSON decoder
   * should be the only text decoder of a handler, or the last. A subclass may override this with a
   * check that is cheap (a prefix, say) if it shares the handler with other text decoders.
   */
  @Override
  public boolean willDecode(String text) {
    return true;
  }

  /**
   * Parses {@code text} into a {@code T}.
   *
   * @throws DecodeException carrying {@code text}, if it is not one JSON value that Jackson can
   *     read as a {@code T} (the cause is Jackson's exception), or if it is JSON {@code null}
   */
  @Override
  public T decode(String text) throws DecodeException {
    Objects.requireNonNull(text, "text");
    T value;
    try {
      value = reader.readValue(text);
    } catch (JsonProcessingException e) {
      throw new DecodeException(
          text, cannotDecode() + ": " + e.getOriginalMessage() + where(e.getLocation()), e);
    }
    if (value == null) {
      throw new DecodeException(
          text,
          cannotDecode()
              + ": the JSON value is null (or names an unknown subtype while the mapper disables"
              + " FAIL_ON_INVALID_SUBTYPE), and a decoder must produce an object");
    }
    return value;
  }

  private String cannotDecode() {
    return getClass().getName() + " cannot decode the text as " + type.toCanonical();
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  @Override
  public String toString() {
    return getClass().getName() + "(JSON to " + type.toCanonical() + ")";
  }
}
