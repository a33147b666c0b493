package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;

/**
 * Handlers whose class or callbacks are not public, in a package other than the runtime's: a
 * dispatcher can call them only from inside this package.
 */
public final class Access {
  private Access() {}

  /** A package-private handler class, made here because tests elsewhere cannot name it. */
  public static Object packagePrivate(Recorder recorder) {
    return new PackagePrivate(recorder);
  }

  /** A handler with protected callbacks. */
  public static Object protectedCallbacks(Recorder recorder) {
    return new ProtectedCallbacks(recorder);
  }
}

final class PackagePrivate {
  private final Recorder recorder;

  PackagePrivate(Recorder recorder) {
    this.recorder = recorder;
  }

  @OnOpen
  void opened() {
    recorder.record("PackagePrivate.opened");
  }

  @OnMessage
  void received(String text) {
    recorder.record("PackagePrivate.received", text);
  }
}

class ProtectedCallbacks {
  private final Recorder recorder;

  ProtectedCallbacks(Recorder recorder) {
    this.recorder = recorder;
  }

  @OnOpen
  protected void opened() {
    recorder.record("ProtectedCallbacks.opened");
  }
}
