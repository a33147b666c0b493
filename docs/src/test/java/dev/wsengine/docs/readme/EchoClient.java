package dev.wsengine.docs.readme;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnRestartError;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import java.io.IOException;

// snippet:echo-client
public final class EchoClient {
  @OnOpen
  void opened(Connection connection, OpenInfo info) throws IOException {
    connection.sendText(info.restarting() ? "hello again" : "hello");
  }

  @OnMessage
  String echoed(String text) {
    System.out.println("server said " + text);
    return null; // or a reply to send back
  }

  @OnClose
  CloseStatus closed(CloseStatus received) { // null when we close
    return CloseStatus.NORMAL;
  }

  @OnRestartError
  void reconnectFailed(RestartAttempt attempt, EngineControl control) {
    if (attempt.number() >= 5) control.exit();
  }
}
// end-snippet
