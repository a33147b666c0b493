package dev.wsengine.testfixtures;

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
 * A {@link CallbackScope} a test fills with exactly what one callback may see, to drive a
 * dispatcher (generated or Byte Buddy) as the engine would. As the engine's does, an accessor whose
 * value was not supplied throws {@link IllegalStateException}, so a dispatcher that reads more than
 * its callback accepts fails the test. A value may be supplied as {@code null} (the close status
 * when this side closes). Every read is recorded, so a test can see that a dispatcher reads what it
 * passes and nothing else.
 *
 * <p>Not API: a fixture of our own tests, shared by the processor's and the runtime's through the
 * api module's test-jar. Single-threaded, as a dispatcher call is.
 */
public final class FakeScope implements CallbackScope {
  private final Map<String, Object> values = new HashMap<>();
  private final List<String> reads = new ArrayList<>();

  private FakeScope() {}

  /** A scope that supplies nothing yet. */
  public static FakeScope empty() {
    return new FakeScope();
  }

  /** Supplies {@link #connection()}. */
  public FakeScope connection(Connection connection) {
    values.put("connection", connection);
    return this;
  }

  /** Supplies {@link #control()}. */
  public FakeScope control(EngineControl control) {
    values.put("control", control);
    return this;
  }

  /** Supplies {@link #openInfo()}. */
  public FakeScope openInfo(OpenInfo openInfo) {
    values.put("openInfo", openInfo);
    return this;
  }

  /** Supplies {@link #closeStatus()}; {@code null} when this side closes. */
  public FakeScope closeStatus(CloseStatus closeStatus) {
    values.put("closeStatus", closeStatus);
    return this;
  }

  /** Supplies {@link #error()}. */
  public FakeScope error(Throwable error) {
    values.put("error", error);
    return this;
  }

  /** Supplies {@link #restartAttempt()}. */
  public FakeScope restartAttempt(RestartAttempt restartAttempt) {
    values.put("restartAttempt", restartAttempt);
    return this;
  }

  /** The names of the accessors called, in order, supplied or not. */
  public List<String> reads() {
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
