package dev.wsengine.docs.handlers;

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

// snippet:every-callback
public final class EchoClient {
  @OnOpen
  void opened(Connection c, OpenInfo info) throws IOException {
    c.sendText("hello");
  }

  @OnMessage
  String text(String message) {
    return "you said " + message; // the reply is sent
  }

  @OnClose
  CloseStatus closed(CloseStatus received) {
    return CloseStatus.NORMAL;
  }

  @OnReadError
  void readFailed(Throwable error, EngineControl control) {
    control.restart();
  }

  @OnCloseError
  void closeFailed(Throwable error) {}

  @OnRestartError
  void restartFailed(RestartAttempt attempt, EngineControl control) {
    if (attempt.number() > 5) control.exit();
  }
}
// end-snippet
