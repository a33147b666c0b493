package dev.wsengine;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One complete WebSocket data message, text or binary.
 *
 * <p>A handler receives one when its {@link OnMessage} method takes a {@code Message} parameter,
 * and from {@link Connection#receive(java.time.Duration)} while the engine is paused.
 *
 * <p>Immutable: {@link #binary()} returns a read-only view. Safe to pass between threads.
 */
public final class Message {
  private final MessageType type;
  private final String text;
  private final ByteBuffer binary;

  private Message(MessageType type, String text, ByteBuffer binary) {
    this.type = type;
    this.text = text;
    this.binary = binary;
  }

  /** A text message. */
  public static Message text(String text) {
    return new Message(MessageType.TEXT, Objects.requireNonNull(text, "text"), null);
  }

  /**
   * A binary message holding the remaining bytes of {@code data}. The buffer is not copied: the
   * caller must not change it afterwards.
   */
  public static Message binary(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    return new Message(MessageType.BINARY, null, data.slice().asReadOnlyBuffer());
  }

  /** A binary message holding a copy of {@code data}. */
  public static Message binary(byte[] data) {
    Objects.requireNonNull(data, "data");
    return new Message(MessageType.BINARY, null, ByteBuffer.wrap(data.clone()).asReadOnlyBuffer());
  }

  /** Whether this is a text or a binary message. */
  public MessageType type() {
    return type;
  }

  /** Whether this is a text message. */
  public boolean isText() {
    return type == MessageType.TEXT;
  }

  /**
   * The text of a text message.
   *
   * @throws IllegalStateException if this is a binary message
   */
  public String text() {
    if (text == null) {
      throw new IllegalStateException("text() needs a text message; this one is binary");
    }
    return text;
  }

  /**
   * The bytes of a binary message, as a new read-only buffer positioned at 0 (each call returns its
   * own view, so callers do not disturb each other's position).
   *
   * @throws IllegalStateException if this is a text message
   */
  public ByteBuffer binary() {
    if (binary == null) {
      throw new IllegalStateException("binary() needs a binary message; this one is text");
    }
    return binary.duplicate();
  }

  /** A copy of the bytes of a binary message. */
  public byte[] binaryAsArray() {
    ByteBuffer view = binary();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /** The payload size: chars for text, bytes for binary. */
  public int size() {
    return text != null ? text.length() : binary.remaining();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Message that
        && type == that.type
        && Objects.equals(text, that.text)
        && Objects.equals(binary, that.binary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, text, binary);
  }

  /** A short description; never the payload, which may hold secrets. */
  @Override
  public String toString() {
    return isText()
        ? "Message[TEXT, " + text.length() + " chars]"
        : "Message[BINARY, " + binary.remaining() + " bytes]";
  }
}
