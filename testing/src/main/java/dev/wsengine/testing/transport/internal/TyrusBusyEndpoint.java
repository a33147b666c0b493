package dev.wsengine.testing.transport.internal;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.spi.UpgradeResponse;

/** {@code /busy}: the Tyrus server answers every handshake with 503 Service Unavailable. */
@ServerEndpoint(value = "/busy", configurator = TyrusBusyEndpoint.Busy.class)
public class TyrusBusyEndpoint {
  /** Tyrus lets a configurator set the handshake's status; 503 is one it sends as it is. */
  public static class Busy extends ServerEndpointConfig.Configurator {
    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      ((UpgradeResponse) response).setStatus(503);
    }
  }

  @OnMessage
  public String text(String text) {
    return text;
  }
}
