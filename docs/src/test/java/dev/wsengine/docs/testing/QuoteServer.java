package dev.wsengine.docs.testing;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

// snippet:server
/** Answers "subscribe EURUSD" with one quote; ignores everything else (the client's acks). */
@ServerEndpoint("/feed")
public final class QuoteServer {
  @OnMessage
  public void message(Session session, String text) throws IOException {
    if (text.startsWith("subscribe ")) {
      session.getBasicRemote().sendText(text.substring("subscribe ".length()) + " 1.0842");
    }
  }
}
// end-snippet
