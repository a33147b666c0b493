package dev.wsengine.runtime.internal.dispatch.handlers;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.OnClose;
import dev.wsengine.OnCloseError;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.OnRestartError;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;

/**
 * One of every callback, each taking every type it accepts, in an order unlike the annotation's.
 */
public class EveryCallback {
  public static final CloseStatus REPLY = CloseStatus.of(4000, "done");

  private final Recorder recorder;

  public EveryCallback(Recorder recorder) {
    this.recorder = recorder;
  }

  @OnOpen
  void opened(EngineControl control, OpenInfo info, Connection connection) {
    recorder.record("opened", control, info, connection);
  }

  @OnMessage
  void text(EngineControl control, String text, Connection connection) {
    recorder.record("text", control, text, connection);
  }

  @OnMessage
  void binary(Connection connection, EngineControl control, byte[] bytes) {
    recorder.record("binary", connection, control, bytes);
  }

  @OnClose
  CloseStatus closed(EngineControl control, Connection connection, CloseStatus received) {
    recorder.record("closed", control, connection, received);
    return REPLY;
  }

  @OnReadError
  void readFailed(Connection connection, Throwable error, EngineControl control) {
    recorder.record("readFailed", connection, error, control);
  }

  @OnCloseError
  void closeFailed(EngineControl control, Throwable error) {
    recorder.record("closeFailed", control, error);
  }

  @OnRestartError
  void restartFailed(EngineControl control, RestartAttempt attempt, Throwable error) {
    recorder.record("restartFailed", control, attempt, error);
  }
}
