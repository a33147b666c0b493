package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import dev.wsengine.spi.CallbackScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CallbackScope} filled with exactly what one callback may see. As the engine's does, an
 * accessor whose value was not supplied throws, so a dispatcher that reads more than its callback
 * accepts fails the test; a value may be supplied as null (the close status when this side
 * closes). Every read is recorded, so a test can see that a dispatcher reads what it passes and
 * nothing else.
 */
final class FakeScope implements CallbackScope {
  private final Map<String, Object> values = new HashMap<>();
  private final List<String> reads = new ArrayList<>();

  static FakeScope empty() {
    return new FakeScope();
  }

  FakeScope connection(Connection connection) {
    values.put("connection", connection);
    return this;
  }

  FakeScope control(EngineControl control) {
    values.put("control", control);
    return this;
  }

  FakeScope openInfo(OpenInfo openInfo) {
    values.put("openInfo", openInfo);
    return this;
  }

  FakeScope closeStatus(CloseStatus closeStatus) {
    values.put("closeStatus", closeStatus);
    return this;
  }

  FakeScope error(Throwable error) {
    values.put("error", error);
    return this;
  }

  FakeScope restartAttempt(RestartAttempt restartAttempt) {
    values.put("restartAttempt", restartAttempt);
    return this;
  }

  /** The accessors called, in order. */
  List<String> reads() {
    return reads;
  }

  @Override
  public Connection connection() {
    return (Connection) read("connection");
  }

  @Override
  public EngineControl control() {
    return (EngineControl) read("control");
  }

  @Override
  public OpenInfo openInfo() {
    return (OpenInfo) read("openInfo");
  }

  @Override
  public CloseStatus closeStatus() {
    return (CloseStatus) read("closeStatus");
  }

  @Override
  public Throwable error() {
    return (Throwable) read("error");
  }

  @Override
  public RestartAttempt restartAttempt() {
    return (RestartAttempt) read("restartAttempt");
  }

  private Object read(String name) {
    reads.add(name);
    if (!values.containsKey(name)) {
      throw new IllegalStateException(name + "() is not available in this callback");
    }
    return values.get(name);
  }
}
