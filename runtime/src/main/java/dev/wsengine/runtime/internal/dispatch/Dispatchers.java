package dev.wsengine.runtime.internal.dispatch;

import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.spi.Dispatcher;

/** TEMP STUB. */
public final class Dispatchers {
  public static final String MODE_PROPERTY = "dev.wsengine.dispatcher";

  private Dispatchers() {}

  public static DispatcherMode defaultMode() {
    return DispatcherMode.AUTO;
  }

  @SuppressWarnings("unchecked")
  public static <H> Dispatcher<H> create(H handler, DispatcherMode mode) {
    try {
      Class<?> c = Class.forName(handler.getClass().getName() + "_Dispatcher", true, handler.getClass().getClassLoader());
      return (Dispatcher<H>) c.getConstructor(handler.getClass()).newInstance(handler);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(mode + " " + e, e);
    }
  }
}
