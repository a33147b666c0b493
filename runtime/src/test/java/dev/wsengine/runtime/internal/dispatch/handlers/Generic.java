package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;

/** A generic handler class: its dispatcher is a {@code Dispatcher<Generic<?>>}. */
public final class Generic<T> {
  private final Recorder recorder;
  private final T value;

  public Generic(Recorder recorder, T value) {
    this.recorder = recorder;
    this.value = value;
  }

  @OnMessage
  String received(String text) {
    recorder.record("received", text, value);
    return text + value;
  }

  @OnClose
  void closed() {}
}
