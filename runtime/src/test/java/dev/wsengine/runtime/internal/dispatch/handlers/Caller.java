package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.OnMessage;

/** Records which method called its callback: the dispatcher's own, if the call is direct. */
public final class Caller {
  private final Recorder recorder;

  public Caller(Recorder recorder) {
    this.recorder = recorder;
  }

  @OnMessage
  void received(String text) {
    StackTraceElement caller = new Throwable().getStackTrace()[1];
    recorder.record(caller.getClassName(), caller.getMethodName());
  }
}
