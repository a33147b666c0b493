package dev.wsengine;

import java.nio.ByteBuffer;

/**
 * Turns received messages into objects, so that {@link OnMessage} methods can take them typed.
 *
 * <p>A handler declares its decoders with {@link Codecs#decoders()} (or gives configured instances
 * to the engine builder). A message goes to the first decoder, in declaration order, whose {@code
 * willDecode} accepts it; the decoded object goes to the {@code @OnMessage} method whose parameter
 * type is the most specific supertype of it. See docs/messages.md.
 *
 * <p>A decoder class in {@link Codecs} says what it produces by binding {@code T}: {@code class
 * TickDecoder implements Decoder.Text<Tick>}. The annotation processor reads that type to check,
 * when the handler compiles, that every typed {@code @OnMessage} parameter has a decoder.
 *
 * <p>Threads: one instance serves every session of an engine, and with more than one reader it is
 * called from several reader threads at once, so it must be safe for concurrent use (stateless
 * decoders are). A decoder that throws fails only that message: the handler's {@link OnReadError}
 * receives a {@link DecodeException} carrying the raw message, and the session goes on.
 */
public sealed interface Decoder permits Decoder.Text, Decoder.Binary {
  /**
   * Decodes text messages.
   *
   * @param <T> what it produces
   */
  non-sealed interface Text<T> extends Decoder {
    /**
     * Whether this decoder takes {@code text}; if not, the next decoder is asked. By default every
     * message is taken.
     */
    default boolean willDecode(String text) {
      return true;
    }

    /**
     * Decodes a message this decoder said it takes.
     *
     * @return the object, never null
     * @throws DecodeException if the text cannot be decoded; other exceptions are wrapped in one
     */
    T decode(String text) throws DecodeException;
  }

  /**
   * Decodes binary messages.
   *
   * @param <T> what it produces
   */
  non-sealed interface Binary<T> extends Decoder {
    /**
     * Whether this decoder takes {@code bytes}; if not, the next decoder is asked. The buffer is a
     * read-only view of its own: moving its position does not affect {@link #decode}. By default
     * every message is taken.
     */
    default boolean willDecode(ByteBuffer bytes) {
      return true;
    }

    /**
     * Decodes a message this decoder said it takes, from a read-only view of its own.
     *
     * @return the object, never null
     * @throws DecodeException if the bytes cannot be decoded; other exceptions are wrapped in one
     */
    T decode(ByteBuffer bytes) throws DecodeException;
  }
}
