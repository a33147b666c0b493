package dev.wsengine.runtime;

import dev.wsengine.Message;
import dev.wsengine.MessageType;
import java.util.Locale;

/**
 * Given to {@code @OnReadError} when no {@code @OnMessage} method takes a message: no decoder took
 * it (or none decoded it to a type a method takes) and the handler has no method for its kind (text
 * or binary). The message is attached, and what a decoder made of it, so nothing is lost.
 */
public final class UnhandledMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Message unhandled;
  private final transient Object decoded;

  /** For the engine. */
  public UnhandledMessageException(String handlerClass, Message unhandled) {
    super(
        "received a "
            + kind(unhandled)
            + " message of "
            + unhandled.size()
            + (unhandled.type() == MessageType.TEXT ? " characters" : " bytes")
            + ", but "
            + handlerClass
            + " has no @OnMessage method for "
            + kind(unhandled)
            + " messages");
    this.unhandled = unhandled;
    this.decoded = null;
  }

  /** For the engine: a decoder made {@code decoded} of the message, and no method takes it. */
  public UnhandledMessageException(String handlerClass, Message unhandled, Object decoded) {
    super(
        "a "
            + kind(unhandled)
            + " message of "
            + unhandled.size()
            + (unhandled.type() == MessageType.TEXT ? " characters" : " bytes")
            + " was decoded to a "
            + decoded.getClass().getName()
            + ", but "
            + handlerClass
            + " has no @OnMessage method for it or a supertype of it, nor one for "
            + kind(unhandled)
            + " messages");
    this.unhandled = unhandled;
    this.decoded = decoded;
  }

  private static String kind(Message message) {
    return message.type().name().toLowerCase(Locale.ROOT);
  }

  /** What a decoder made of the message, or null if no decoder took it. */
  public Object decoded() {
    return decoded;
  }

  /** The message no callback took. */
  public Message unhandledMessage() {
    return unhandled;
  }
}
