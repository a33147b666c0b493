package dev.wsengine.runtime;

/**
 * {@link WebSocketEngine#start()} failed: the dial or the handshake failed, {@code @OnOpen} threw
 * or called {@code exit()}, opening took longer than the open timeout, or the engine was stopped
 * while starting. The cause, when there is one, is the original failure (for example a {@link
 * dev.wsengine.HandshakeException} with the HTTP status). When this is thrown the connection has
 * been closed and no engine thread is left running.
 */
public final class EngineStartException extends Exception {
  private static final long serialVersionUID = 1L;

  /** For the engine; {@code cause} may be null. */
  public EngineStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
