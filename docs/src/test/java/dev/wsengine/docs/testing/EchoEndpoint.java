package dev.wsengine.docs.testing;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@code /echo}: sends every text and binary message back. The snippets that run start it on the
 * kit's {@code LoopbackServer}.
 */
@ServerEndpoint("/echo")
public final class EchoEndpoint {
  @OnMessage
  public void text(Session session, String text) throws IOException {
    session.getBasicRemote().sendText(text);
  }

  @OnMessage
  public void binary(Session session, ByteBuffer data) throws IOException {
    session.getBasicRemote().sendBinary(data);
  }
}
