package dev.wsengine.runtime;

import dev.wsengine.Message;

/**
 * Given to {@code @OnReadError} when a message arrives of a kind (text or binary) that the
 * handler has no {@code @OnMessage} method for. The message is attached, so nothing is lost.
 */
public final class UnhandledMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Message unhandled;

  /** For the engine. */
  public UnhandledMessageException(String handlerClass, Message unhandled) {
    super(
        "received a " + unhandled.type().name().toLowerCase(java.util.Locale.ROOT) + " message of "
            + unhandled.size() + " bytes, but " + handlerClass + " has no @OnMessage method for "
            + unhandled.type().name().toLowerCase(java.util.Locale.ROOT) + " messages");
    this.unhandled = unhandled;
  }

  /** The message no callback took. */
  public Message unhandledMessage() {
    return unhandled;
  }
}
