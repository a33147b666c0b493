package dev.wsengine.runtime.internal.engine;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.spi.CallbackScope;

/**
 * What one callback may be given. Immutable; a reader reuses one message scope for every message of
 * its session, so the message path allocates none.
 */
final class Scope implements CallbackScope {
  private final String callback;
  private final Connection connection;
  private final EngineControl control;
  private final OpenInfo openInfo;
  private final CloseStatus closeStatus;
  private final Throwable error;
  private final RestartAttempt restartAttempt;

  private Scope(
      String callback,
      Connection connection,
      EngineControl control,
      OpenInfo openInfo,
      CloseStatus closeStatus,
      Throwable error,
      RestartAttempt restartAttempt) {
    this.callback = callback;
    this.connection = connection;
    this.control = control;
    this.openInfo = openInfo;
    this.closeStatus = closeStatus;
    this.error = error;
    this.restartAttempt = restartAttempt;
  }

  static Scope open(Connection connection, EngineControl control, OpenInfo info) {
    return new Scope("@OnOpen", connection, control, info, null, null, null);
  }

  static Scope message(Connection connection, EngineControl control) {
    return new Scope("@OnMessage", connection, control, null, null, null, null);
  }

  static Scope readError(Connection connection, EngineControl control, Throwable error) {
    return new Scope("@OnReadError", connection, control, null, null, error, null);
  }

  /** {@code received} is the server's status, or null when this side closes. */
  static Scope close(Connection connection, EngineControl control, CloseStatus received) {
    return new Scope("@OnClose", connection, control, null, received, null, null);
  }

  static Scope closeError(EngineControl control, Throwable error) {
    return new Scope("@OnCloseError", null, control, null, null, error, null);
  }

  static Scope restartError(EngineControl control, RestartAttempt attempt) {
    return new Scope("@OnRestartError", null, control, null, null, attempt.error(), attempt);
  }

  @Override
  public Connection connection() {
    return present(connection, "Connection");
  }

  @Override
  public EngineControl control() {
    return control;
  }

  @Override
  public OpenInfo openInfo() {
    return present(openInfo, "OpenInfo");
  }

  @Override
  public CloseStatus closeStatus() {
    if (!callback.equals("@OnClose")) {
      throw notHere("CloseStatus");
    }
    return closeStatus; // null when this side closes, as documented
  }

  @Override
  public Throwable error() {
    return present(error, "Throwable");
  }

  @Override
  public RestartAttempt restartAttempt() {
    return present(restartAttempt, "RestartAttempt");
  }

  private <T> T present(T value, String type) {
    if (value == null) {
      throw notHere(type);
    }
    return value;
  }

  private IllegalStateException notHere(String type) {
    // Generated dispatchers only ask for what the rules let a callback have; this is a bug guard.
    return new IllegalStateException(callback + " has no " + type + " to inject");
  }
}
