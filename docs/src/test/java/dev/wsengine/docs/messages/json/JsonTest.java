package dev.wsengine.docs.messages.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.DecodeException;
import dev.wsengine.Message;
import dev.wsengine.docs.testing.EchoEndpoint;
import dev.wsengine.jackson.JsonEncoder;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.LoopbackServer;
import dev.wsengine.testing.junit.NoThreadsLeft;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Jackson section of messages.md, run against a real echo server and the in-memory one. */
@ExtendWith(NoThreadsLeft.class)
class JsonTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final URI ROOM = URI.create("ws://chat.test/room");

  @Test
  void greetingGoesOutAsJsonAndItsEchoComesBackTyped() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      GreetingClient client = new GreetingClient();
      WebSocketEngine engine = WebSocketEngine.builder(server.uri("/echo"), client).build();
      engine.start();
      try {
        assertEquals(
            new Greeting("ann", "hello"),
            client.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
      } finally {
        engine.stop();
      }
    }
  }

  @Test
  void chatClientWithTheDefaultMapper_readsTheDiscriminator_andIgnoresUnknownProperties()
      throws Exception {
    InMemoryTransport server = new InMemoryTransport();
    ChatClient client = new ChatClient();
    WebSocketEngine engine =
        WebSocketEngine.builder(ROOM, client)
            .transport(server)
            .readers(1)
            .reconnect(ReconnectPolicy.never())
            .build();
    engine.start();
    try {
      assertEquals(List.of("{\"text\":\"hello, room\"}"), server.connection(0).sentTexts());
      server
          .connection(0)
          .pushText("{\"type\":\"Said\",\"userName\":\"bob\",\"text\":\"hi\",\"mood\":\"happy\"}")
          .pushText("{\"type\":\"Joined\",\"userName\":\"eve\"}")
          .pushText("{\"type\":\"Shouted\",\"userName\":\"eve\"}")
          .pushText("not json");
      Await.until(() -> client.seen.size() == 4, WAIT, () -> "four: " + client.seen);
      assertEquals("bob: hi", client.seen.get(0));
      assertEquals(new RoomEvent.Joined("eve"), client.seen.get(1));
      DecodeException unknownType = assertInstanceOf(DecodeException.class, client.seen.get(2));
      assertTrue(
          unknownType
              .getMessage()
              .startsWith(
                  RoomEvents.class.getName()
                      + " cannot decode the text as "
                      + RoomEvent.class.getName()
                      + ": Could not resolve type id 'Shouted'"),
          unknownType.getMessage());
      DecodeException notJson = assertInstanceOf(DecodeException.class, client.seen.get(3));
      assertEquals(Message.text("not json"), notJson.undecoded());
      assertTrue(
          notJson
              .getMessage()
              .startsWith(
                  RoomEvents.class.getName()
                      + " cannot decode the text as "
                      + RoomEvent.class.getName()
                      + ": Unrecognized token 'not'"),
          notJson.getMessage());
      assertTrue(notJson.getMessage().endsWith("(line 1, column 1)"), notJson.getMessage());
    } finally {
      engine.stop();
    }
  }

  @Test
  void chatClientWithAConfiguredMapper_usesItToDecodeAndToEncode() throws Exception {
    InMemoryTransport server = new InMemoryTransport();
    ChatClient client = new ChatClient();
    WebSocketEngine engine =
        JsonSnippets.configured(ROOM, client)
            .transport(server)
            .readers(1)
            .reconnect(ReconnectPolicy.never())
            .build();
    engine.start();
    try {
      server
          .connection(0)
          .pushText("{\"type\":\"Said\",\"user_name\":\"bob\",\"text\":\"hi\"}")
          .pushText("{\"type\":\"Left\",\"user_name\":\"bob\",\"mood\":\"sad\"}");
      Await.until(() -> client.seen.size() == 2, WAIT, () -> "two: " + client.seen);
      assertEquals("bob: hi", client.seen.get(0));
      // Jackson's default: a property the record does not have fails the message.
      DecodeException unknown = assertInstanceOf(DecodeException.class, client.seen.get(1));
      assertTrue(
          unknown.getMessage().contains("Unrecognized field \"mood\""), unknown.getMessage());
    } finally {
      engine.stop();
    }
  }

  @Test
  void presenceIsReadAndWrittenWithJacksonsOwnTypeNames() throws Exception {
    Presence away =
        new Presences().decode("{\"type\":\"away\",\"user\":\"ann\",\"since\":\"09:30\"}");
    assertEquals(new Presence.Away("ann", "09:30"), away);
    assertEquals(
        "{\"type\":\"online\",\"user\":\"ann\"}",
        new JsonEncoder().encode(new Presence.Online("ann")));
  }
}
