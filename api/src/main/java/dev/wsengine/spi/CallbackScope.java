package dev.wsengine.spi;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;

/**
 * What a {@link Dispatcher} injects into one callback: the engine supplies it, generated code reads
 * from it. SPI for generated code; handlers never see it.
 *
 * <p>Each accessor is valid only in the callbacks that accept its type (see the annotations); in
 * others it throws {@link IllegalStateException}. The engine may reuse one scope for many calls on
 * the same thread, so a dispatcher must not keep it past the call it was given to.
 */
public interface CallbackScope {
  /**
   * The connection of the current session. In every callback but {@code @OnCloseError} and
   * {@code @OnRestartError}.
   */
  Connection connection();

  /** Control over the engine. In every callback. */
  EngineControl control();

  /** What {@code @OnOpen} knows about the open. */
  OpenInfo openInfo();

  /** In {@code @OnClose}: the status the server sent, or {@code null} when this side closes. */
  CloseStatus closeStatus();

  /** In {@code @OnReadError}, {@code @OnCloseError} and {@code @OnRestartError}: the failure. */
  Throwable error();

  /** In {@code @OnRestartError}: the attempt that failed. */
  RestartAttempt restartAttempt();
}
