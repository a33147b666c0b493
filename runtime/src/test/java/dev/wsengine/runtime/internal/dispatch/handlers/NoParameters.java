package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.OnClose;
import dev.wsengine.OnCloseError;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.OnRestartError;

/** Every callback but {@code @OnMessage} (which needs its message), none taking anything. */
public final class NoParameters {
  private final Recorder recorder;

  public NoParameters(Recorder recorder) {
    this.recorder = recorder;
  }

  @OnOpen
  public void opened() {
    recorder.record("opened");
  }

  @OnClose
  public void closed() {
    recorder.record("closed");
  }

  @OnReadError
  public void readFailed() {
    recorder.record("readFailed");
  }

  @OnCloseError
  public void closeFailed() {
    recorder.record("closeFailed");
  }

  @OnRestartError
  public void restartFailed() {
    recorder.record("restartFailed");
  }
}
