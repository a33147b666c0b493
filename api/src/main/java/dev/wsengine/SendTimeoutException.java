package dev.wsengine;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * A blocking send of {@link Connection} did not get its message written within the engine's send
 * timeout ({@code sendTimeout(d)}), time in the outbound queue included. Its cause is the {@link
 * TimeoutException} the async sends fail their future with.
 *
 * <p>If the message was still waiting in the queue, it was taken out and is never sent. If it was
 * being written, the write was stuck (typically: the server stopped reading, TCP's buffers are
 * full), and the engine aborted the connection, since a frame may be half written and later
 * messages could not keep their order; the engine then sees the session lost and reconnects per its
 * policy.
 */
public class SendTimeoutException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A send that timed out; {@code cause} is the timeout as the async sends report it. */
  public SendTimeoutException(String message, TimeoutException cause) {
    super(message, cause);
  }
}
