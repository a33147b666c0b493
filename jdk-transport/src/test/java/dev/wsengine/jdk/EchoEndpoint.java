package dev.wsengine.jdk;

import jakarta.websocket.CloseReason;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test server's {@code /echo} (on the kit's LoopbackServer): echoes, offers subprotocol "chat",
 * records {@code X-} request headers and answers commands:
 *
 * <ul>
 *   <li>{@code flood N SIZE}: N binary messages of SIZE bytes, the i-th starting with i as a long;
 *   <li>{@code close CODE REASON}: closes with that status;
 *   <li>{@code parts N KIND}: one message of N bytes ('x' for text) in three frames;
 *   <li>{@code whole N KIND}: one message of N bytes in one frame;
 *   <li>{@code stream N CHUNK}: one binary message of N frames of CHUNK bytes.
 * </ul>
 */
@ServerEndpoint(
    value = "/echo",
    subprotocols = {"chat"},
    configurator = EchoEndpoint.Handshakes.class)
public class EchoEndpoint {
  /** The {@code X-} headers of the last handshake, lower-cased names. */
  static final Map<String, String> HEADERS = new ConcurrentHashMap<>();

  /** Records request headers. */
  public static class Handshakes extends ServerEndpointConfig.Configurator {
    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      request
          .getHeaders()
          .forEach(
              (name, values) -> {
                if (name.toLowerCase(Locale.ROOT).startsWith("x-")) {
                  HEADERS.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
                }
              });
      response.getHeaders().put("X-Test-Server", List.of("tyrus"));
    }
  }

  @OnOpen
  public void open(Session session) {
    session.setMaxIdleTimeout(-1);
    session.setMaxTextMessageBufferSize(1 << 24);
    session.setMaxBinaryMessageBufferSize(1 << 24);
  }

  @OnMessage
  public void text(Session session, String text) throws IOException {
    String[] words = text.split(" ", 3);
    switch (words[0]) {
      case "flood" -> {
        int count = Integer.parseInt(words[1]);
        int size = Integer.parseInt(words[2]);
        for (long i = 0; i < count && session.isOpen(); i++) {
          ByteBuffer data = ByteBuffer.allocate(size);
          data.putLong(0, i);
          session.getBasicRemote().sendBinary(data);
        }
      }
      case "close" ->
          session.close(
              new CloseReason(
                  CloseReason.CloseCodes.getCloseCode(Integer.parseInt(words[1])),
                  words.length > 2 ? words[2] : ""));
      case "parts" -> {
        int size = Integer.parseInt(words[1]);
        int third = size / 3;
        int[] cuts = {0, third, 2 * third, size};
        for (int i = 0; i < 3; i++) {
          int length = cuts[i + 1] - cuts[i];
          if (words[2].equals("text")) {
            session.getBasicRemote().sendText("x".repeat(length), i == 2);
          } else {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes(cuts[i], length)), i == 2);
          }
        }
      }
      case "whole" -> {
        int size = Integer.parseInt(words[1]);
        if (words[2].equals("text")) {
          session.getBasicRemote().sendText("x".repeat(size));
        } else {
          session.getBasicRemote().sendBinary(ByteBuffer.wrap(bytes(0, size)));
        }
      }
      case "stream" -> {
        int chunks = Integer.parseInt(words[1]);
        int chunk = Integer.parseInt(words[2]);
        ByteBuffer part = ByteBuffer.allocate(chunk);
        for (int i = 0; i < chunks && session.isOpen(); i++) {
          session.getBasicRemote().sendBinary(part.clear(), i == chunks - 1);
        }
      }
      default -> session.getBasicRemote().sendText(text);
    }
  }

  @OnMessage
  public void binary(Session session, ByteBuffer data) throws IOException {
    session.getBasicRemote().sendBinary(data);
  }

  /** Bytes {@code from, from+1, ...} (mod 256), {@code length} of them. */
  static byte[] bytes(int from, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (from + i);
    }
    return bytes;
  }
}
