package dev.wsengine.docs.messages.json;

import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.jackson.JsonEncoder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

// snippet:chat-client
@Codecs(decoders = RoomEvents.class, encoders = JsonEncoder.class)
public final class ChatClient {
  public record Say(String text) {}

  final List<Object> seen = new CopyOnWriteArrayList<>();

  @OnOpen
  void opened(Connection connection) throws IOException {
    connection.send(new Say("hello, room")); // {"text":"hello, room"}
  }

  @OnMessage
  void said(RoomEvent.Said said) {
    seen.add(said.userName() + ": " + said.text());
  }

  @OnMessage
  void other(RoomEvent event) { // Joined and Left
    seen.add(event);
  }

  @OnReadError
  void failed(Throwable error) { // DecodeException: not JSON, or no RoomEvent
    seen.add(error);
  }
}
// end-snippet
