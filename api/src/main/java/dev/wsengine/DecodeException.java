package dev.wsengine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A message could not be decoded. Thrown by a {@link Decoder} (the engine wraps anything else a
 * decoder throws in one), and given to {@link OnReadError} with the raw message attached, so
 * nothing is lost; the session goes on.
 */
public class DecodeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Message undecoded;

  /** The text that could not be decoded, and why. */
  public DecodeException(String text, String message) {
    this(text, message, null);
  }

  /** The text that could not be decoded, why, and the failure behind it. */
  public DecodeException(String text, String message, Throwable cause) {
    this(Message.text(Objects.requireNonNull(text, "text")), message, cause);
  }

  /** The bytes that could not be decoded (their remaining bytes, copied), and why. */
  public DecodeException(ByteBuffer bytes, String message) {
    this(bytes, message, null);
  }

  /** The bytes that could not be decoded (their remaining bytes, copied), why, and the cause. */
  public DecodeException(ByteBuffer bytes, String message, Throwable cause) {
    this(copy(bytes), message, cause);
  }

  /** The message that could not be decoded, why, and the failure behind it. */
  public DecodeException(Message undecoded, String message, Throwable cause) {
    super(message, cause);
    this.undecoded = Objects.requireNonNull(undecoded, "undecoded");
  }

  private static Message copy(ByteBuffer bytes) {
    ByteBuffer view = Objects.requireNonNull(bytes, "bytes").duplicate();
    byte[] copy = new byte[view.remaining()];
    view.get(copy);
    return Message.binary(ByteBuffer.wrap(copy));
  }

  /**
   * The message as it was received. Null only after the exception was serialized: the message is
   * not part of its serial form.
   */
  public Message undecoded() {
    return undecoded;
  }
}
