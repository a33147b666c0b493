package dev.wsengine;

import java.io.IOException;

/**
 * An object could not be encoded: thrown by an {@link Encoder} (the engine wraps anything else an
 * encoder throws in one), and by {@link Connection#send(Object)}. Nothing was sent.
 */
public class EncodeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why the object could not be encoded. */
  public EncodeException(String message) {
    super(message);
  }

  /** Why the object could not be encoded, and the failure behind it. */
  public EncodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
