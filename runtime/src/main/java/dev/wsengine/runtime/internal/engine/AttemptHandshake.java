package dev.wsengine.runtime.internal.engine;

import dev.wsengine.spi.ConnectOptions;

/**
 * The connect options of one open attempt: the engine's, as the user's {@code HandshakeHook}
 * changes them for that attempt. Called on the opener's thread, in the connect span.
 */
@FunctionalInterface
public interface AttemptHandshake {
  /** No hook: every attempt uses the engine's options. */
  AttemptHandshake NONE = (attempt, options) -> options;

  /**
   * The options for attempt {@code attempt} (0 for the first open).
   *
   * @throws Exception what the hook threw: the attempt fails with it
   */
  ConnectOptions prepare(int attempt, ConnectOptions options) throws Exception;
}
