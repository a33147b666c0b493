package dev.wsengine;

import java.nio.ByteBuffer;

/**
 * Turns objects into messages: for {@link Connection#send(Object)} and for {@link OnMessage}
 * methods that return a typed reply.
 *
 * <p>A handler declares its encoders with {@link Codecs#encoders()} (or gives configured instances
 * to the engine builder). An object is encoded by the first encoder, in declaration order, whose
 * {@code T} it is an instance of. An encoder class in {@link Codecs} says what it encodes by
 * binding {@code T}: {@code class QuoteEncoder implements Encoder.Text<Quote>}.
 *
 * <p>Threads: one instance serves every session of an engine and may be called from several threads
 * at once, so it must be safe for concurrent use.
 */
public sealed interface Encoder permits Encoder.Text, Encoder.Binary {
  /**
   * Encodes objects as text messages.
   *
   * @param <T> what it encodes
   */
  non-sealed interface Text<T> extends Encoder {
    /**
     * The text of the message for {@code object}, which is never null.
     *
     * @throws EncodeException if the object cannot be encoded; other exceptions are wrapped in one
     */
    String encode(T object) throws EncodeException;
  }

  /**
   * Encodes objects as binary messages.
   *
   * @param <T> what it encodes
   */
  non-sealed interface Binary<T> extends Encoder {
    /**
     * The bytes of the message for {@code object}, which is never null: the buffer's remaining
     * bytes are sent.
     *
     * @throws EncodeException if the object cannot be encoded; other exceptions are wrapped in one
     */
    ByteBuffer encode(T object) throws EncodeException;
  }
}
