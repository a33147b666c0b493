package com.acme;

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
import java.io.IOException;
import java.nio.ByteBuffer;

/** The input of the golden-file test: one of every callback. */
public final class EchoClient {
  @OnOpen
  void opened(Connection connection, OpenInfo info) throws IOException {
    connection.sendText(info.restarting() ? "hello again" : "hello");
  }

  @OnMessage
  String text(String message, Connection connection) {
    return message;
  }

  @OnMessage
  ByteBuffer binary(byte[] message) {
    return ByteBuffer.wrap(message);
  }

  @OnClose
  void closed(CloseStatus received) {}

  @OnReadError
  void readFailed(Throwable error, EngineControl control) {
    control.restart();
  }

  @OnCloseError
  void closeFailed(Throwable error) {}

  @OnRestartError
  void restartFailed(RestartAttempt attempt, Throwable error, EngineControl control) {
    if (attempt.number() > 3) {
      control.exit();
    }
  }
}
