package dev.wsengine.runtime;

/**
 * {@link WebSocketEngine#stop()} could not confirm that the engine stopped: some engine thread was
 * still running when the stop timeout passed (usually a callback that does not return), or the
 * caller was interrupted while waiting. The message names the threads still running and where they
 * are. The engine goes on stopping in the background.
 */
public final class EngineStopException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** For the engine; {@code cause} may be null. */
  public EngineStopException(String message, Throwable cause) {
    super(message, cause);
  }
}
