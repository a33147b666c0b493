package dev.wsengine;

import java.io.IOException;

/**
 * The server refused the opening handshake: it answered with an HTTP status other than 101
 * Switching Protocols.
 */
public class HandshakeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * A refused handshake.
   *
   * @param status the HTTP status the server answered with
   * @param detail what else is known, such as the reason phrase; may be empty
   */
  public HandshakeException(int status, String detail) {
    this(status, detail, null);
  }

  /** A refused handshake, with the transport's own exception as the cause. */
  public HandshakeException(int status, String detail, Throwable cause) {
    super(
        "server refused the WebSocket handshake with HTTP status "
            + status
            + (detail == null || detail.isEmpty() ? "" : ": " + detail),
        cause);
    this.status = status;
  }

  /** The HTTP status the server answered with, such as 404 or 503. */
  public int status() {
    return status;
  }
}
