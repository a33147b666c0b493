package dev.wsengine.testing.transport.internal;

import dev.wsengine.testing.transport.Peer;
import dev.wsengine.testing.transport.ServerEvents;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** The Tyrus server's {@code /echo}: echoes, runs {@link Commands}, offers subprotocol "chat". */
@ServerEndpoint(
    value = "/echo",
    subprotocols = {"chat"},
    configurator = TyrusEchoEndpoint.Handshakes.class)
public class TyrusEchoEndpoint {
  /** Records request headers, adds a response header, and holds handshakes when a test asks. */
  public static class Handshakes extends ServerEndpointConfig.Configurator {
    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      request
          .getHeaders()
          .forEach(
              (name, values) -> {
                if (name.toLowerCase(java.util.Locale.ROOT).startsWith("x-")) {
                  ServerEvents.record(
                      "header "
                          + name.toLowerCase(java.util.Locale.ROOT)
                          + "="
                          + String.join(",", values));
                }
              });
      response.getHeaders().put("X-Test-Server", List.of("tyrus"));
      ServerEvents.handshakeGate();
    }
  }

  @OnOpen
  public void open(Session session, EndpointConfig config) {
    session.setMaxIdleTimeout(-1);
    session.setMaxTextMessageBufferSize(1 << 24);
    session.setMaxBinaryMessageBufferSize(1 << 24);
    ServerEvents.record("open");
  }

  @OnMessage
  public void text(Session session, String text) throws IOException {
    Commands.onText(text, peer(session));
  }

  @OnMessage
  public void binary(Session session, ByteBuffer data) throws IOException {
    session.getBasicRemote().sendBinary(data);
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    ServerEvents.record(
        ("close " + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase()).trim());
  }

  private static Peer peer(Session session) {
    return new Peer() {
      @Override
      public void sendText(String text) throws IOException {
        session.getBasicRemote().sendText(text);
      }

      @Override
      public void sendBinary(ByteBuffer data) throws IOException {
        session.getBasicRemote().sendBinary(data);
      }

      @Override
      public void sendTextPart(String part, boolean last) throws IOException {
        session.getBasicRemote().sendText(part, last);
      }

      @Override
      public void sendBinaryPart(ByteBuffer part, boolean last) throws IOException {
        session.getBasicRemote().sendBinary(part, last);
      }

      @Override
      public void close(int code, String reason) throws IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
      }
    };
  }
}
