package dev.wsengine.runtime;

import dev.wsengine.Message;
import dev.wsengine.MessageType;
import java.util.Locale;

/**
 * Given to {@code @OnReadError} when a message arrives of a kind (text or binary) that the handler
 * has no {@code @OnMessage} method for. The message is attached, so nothing is lost.
 */
public final class UnhandledMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Message unhandled;

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
  }

  private static String kind(Message message) {
    return message.type().name().toLowerCase(Locale.ROOT);
  }

  /** The message no callback took. */
  public Message unhandledMessage() {
    return unhandled;
  }
}
