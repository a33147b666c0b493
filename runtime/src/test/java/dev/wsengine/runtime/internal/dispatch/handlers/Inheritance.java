package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.Connection;
import dev.wsengine.OnClose;
import dev.wsengine.OnCloseError;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;

/** The inheritance rule of docs/handlers.md, as handler classes. */
public final class Inheritance {
  private Inheritance() {}

  /** The superclass: open, text with a reply, close. */
  public static class Base {
    final Recorder recorder;

    public Base(Recorder recorder) {
      this.recorder = recorder;
    }

    @OnOpen
    void opened(Connection connection) {
      recorder.record("Base.opened", connection);
    }

    @OnMessage
    String received(String text) {
      recorder.record("Base.received", text);
      return "from base";
    }

    @OnClose
    void closed() {
      recorder.record("Base.closed");
    }
  }

  /**
   * No callback annotation of its own, so no generated dispatcher of its own: Base's serves it. Its
   * override of a callback keeps the callback, and is what gets called.
   */
  public static class SubWithoutCallbacks extends Base {
    public SubWithoutCallbacks(Recorder recorder) {
      super(recorder);
    }

    @Override
    String received(String text) {
      recorder.record("SubWithoutCallbacks.received", text);
      return "from sub";
    }
  }

  /** Two levels below Base, still without callbacks: the lookup walks up past its parent. */
  public static final class GrandchildWithoutCallbacks extends SubWithoutCallbacks {
    public GrandchildWithoutCallbacks(Recorder recorder) {
      super(recorder);
    }
  }

  /**
   * Callbacks of its own, so its own dispatcher: adds one, and replaces Base's {@code @OnClose}
   * with an {@code @OnCloseError} by overriding the method with another annotation.
   */
  public static final class SubWithCallbacks extends Base {
    public SubWithCallbacks(Recorder recorder) {
      super(recorder);
    }

    @OnCloseError
    @Override
    void closed() {
      recorder.record("SubWithCallbacks.closed");
    }
  }

  /** A superclass for subclasses in other packages: its callback is public. */
  public static class PublicBase {
    @OnMessage
    public String received(String text) {
      return "from public base";
    }
  }
}
