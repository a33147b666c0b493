package dev.wsengine.benchmarks.dispatch;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.spi.CallbackScope;

/**
 * The scope an {@code @OnMessage} dispatch gets, shaped like the engine's own (final fields, a null
 * check on the way out): the one indirection a dispatcher adds over a direct call.
 */
final class MessageScope implements CallbackScope {
  private final Connection connection;

  MessageScope(Connection connection) {
    this.connection = connection;
  }

  @Override
  public Connection connection() {
    if (connection == null) {
      throw new IllegalStateException("@OnMessage has no Connection to inject");
    }
    return connection;
  }

  @Override
  public EngineControl control() {
    throw new UnsupportedOperationException();
  }

  @Override
  public OpenInfo openInfo() {
    throw new IllegalStateException("@OnMessage has no OpenInfo to inject");
  }

  @Override
  public CloseStatus closeStatus() {
    throw new IllegalStateException("@OnMessage has no CloseStatus to inject");
  }

  @Override
  public Throwable error() {
    throw new IllegalStateException("@OnMessage has no Throwable to inject");
  }

  @Override
  public RestartAttempt restartAttempt() {
    throw new IllegalStateException("@OnMessage has no RestartAttempt to inject");
  }
}
