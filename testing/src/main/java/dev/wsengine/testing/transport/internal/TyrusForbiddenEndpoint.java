package dev.wsengine.testing.transport.internal;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

/** {@code /forbidden}: the Tyrus server refuses every origin, so every handshake gets 403. */
@ServerEndpoint(value = "/forbidden", configurator = TyrusForbiddenEndpoint.NoOrigin.class)
public class TyrusForbiddenEndpoint {
  /** Refuses all origins. */
  public static class NoOrigin extends ServerEndpointConfig.Configurator {
    @Override
    public boolean checkOrigin(String originHeaderValue) {
      return false;
    }
  }

  @OnMessage
  public String text(String text) {
    return text;
  }
}
