package dev.wsengine;

import java.io.IOException;
import java.util.Objects;

/**
 * The connection is closed: by the server (with its close status), by this side, or because the
 * link died ({@link CloseStatus#ABNORMAL_CLOSURE}).
 */
public class ConnectionClosedException extends IOException {
  private static final long serialVersionUID = 1L;

  // Kept as code and reason, not a CloseStatus, so that the exception stays serializable.
  private final int code;
  private final String reason;

  /** A closed connection with the status that closed it. */
  public ConnectionClosedException(CloseStatus status) {
    this(status, null);
  }

  /** A closed connection with the status that closed it and the failure behind it, if any. */
  public ConnectionClosedException(CloseStatus status, Throwable cause) {
    super("connection closed: " + Objects.requireNonNull(status, "status"), cause);
    this.code = status.code();
    this.reason = status.reason();
  }

  /** The status of the close: the server's, or 1006 when the link died without a close frame. */
  public CloseStatus status() {
    return CloseStatus.received(code, reason);
  }
}
