package dev.wsengine;

import java.io.IOException;

/**
 * A send was refused because the session's outbound queue was full: as many messages, or as many
 * bytes, wait to be written as the engine's {@code sendQueue(maxMessages, maxBytes)} allows.
 * Nothing was queued or sent; the messages already queued are not affected. The message names the
 * limit hit and the queue's depth at that moment.
 *
 * <p>Thrown at once by the blocking sends of {@link Connection}; the async sends return a future
 * failed with it.
 */
public class SendQueueFullException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A refused send; {@code message} names the limit hit and the queue's depth. */
  public SendQueueFullException(String message) {
    super(message);
  }
}
