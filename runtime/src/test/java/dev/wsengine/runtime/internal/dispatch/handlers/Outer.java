package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.OnMessage;

/** Holds nested handlers: their dispatchers are named Outer_Nested_Dispatcher and so on. */
public final class Outer {
  private Outer() {}

  /** A static nested handler. */
  public static final class Nested {
    private final Recorder recorder;

    public Nested(Recorder recorder) {
      this.recorder = recorder;
    }

    @OnMessage
    void received(String text) {
      recorder.record("Outer.Nested.received", text);
    }

    /** Two levels deep. */
    public static final class Deeper {
      private final Recorder recorder;

      public Deeper(Recorder recorder) {
        this.recorder = recorder;
      }

      @OnMessage
      void received(String text) {
        recorder.record("Outer.Nested.Deeper.received", text);
      }
    }
  }
}
