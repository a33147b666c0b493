package dev.wsengine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the decoders and encoders of a handler class, so that its {@link OnMessage} methods may
 * take and return typed messages:
 *
 * <pre>{@code
 * @Codecs(decoders = TickDecoder.class, encoders = OrderEncoder.class)
 * final class Trader {
 *   @OnMessage
 *   Order tick(Tick tick) { ... }   // a Tick from TickDecoder; the Order is sent with OrderEncoder
 * }
 * }</pre>
 *
 * <p>Each class is a {@link Decoder} (or {@link Encoder}) that binds its type argument, or a {@code
 * jakarta.websocket} {@code Decoder.Text}/{@code Binary} ({@code Encoder.Text}/{@code Binary}) used
 * unchanged, with a public no-argument constructor: the engine makes one instance per engine,
 * unless the builder is given a configured instance of the same class, which then takes its place.
 *
 * <p>The annotation processor checks, when the handler compiles, that every typed {@code OnMessage}
 * parameter has a decoder that can produce it and every typed return an encoder that takes it.
 * Subclasses inherit the annotation; a subclass that declares its own replaces it.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Codecs {
  /** The decoders, in the order in which they are asked whether they take a message. */
  Class<?>[] decoders() default {};

  /** The encoders, in the order in which they are asked whether they take an object. */
  Class<?>[] encoders() default {};
}
