package dev.wsengine.docs.troubleshooting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.CloseStatus;
import dev.wsengine.HandshakeException;
import dev.wsengine.Message;
import dev.wsengine.docs.messages.Ack;
import dev.wsengine.docs.testing.EchoEndpoint;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.UnhandledMessageException;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.LoopbackServer;
import dev.wsengine.testing.junit.NoThreadsLeft;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What troubleshooting.md says each failure looks like, provoked for real against Tyrus. */
@ExtendWith(NoThreadsLeft.class) // no engine thread is left after any of them
class TroubleshootingTest {
  @Test
  void refusedHandshakeCarriesTheStatus() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      URI uri = server.uri("/nowhere");
      WebSocketEngine engine = WebSocketEngine.builder(uri, new Handlers.Quiet()).build();
      EngineStartException e = assertThrows(EngineStartException.class, engine::start);
      assertEquals(
          "could not connect to "
              + uri
              + ": server refused the"
              + " WebSocket handshake with HTTP status 404",
          e.getMessage());
      assertEquals(404, assertInstanceOf(HandshakeException.class, e.getCause()).status());
    }
  }

  @Test
  void nothingListening() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    URI uri = URI.create("ws://127.0.0.1:" + port + "/feed");
    WebSocketEngine engine = WebSocketEngine.builder(uri, new Handlers.Quiet()).build();
    EngineStartException e = assertThrows(EngineStartException.class, engine::start);
    assertEquals(
        "could not connect to " + uri + ": Connection refused", e.getMessage()); // said once
  }

  @Test
  void silentServerTimesOut() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      URI uri = URI.create("ws://127.0.0.1:" + socket.getLocalPort() + "/feed");
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket accepted = socket.accept()) {
                  accepted
                      .getInputStream()
                      .read(new byte[4096]); // read the upgrade request, answer nothing
                  Thread.sleep(TimeUnit.SECONDS.toMillis(10));
                } catch (Exception ignored) {
                  // the test closed the socket
                }
              },
              "test-silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
      WebSocketEngine engine =
          WebSocketEngine.builder(uri, new Handlers.Quiet())
              .openTimeout(Duration.ofMillis(500))
              .build();
      EngineStartException e = assertThrows(EngineStartException.class, engine::start);
      assertEquals("could not open " + uri + " within openTimeout PT0.5S", e.getMessage());
      acceptor.interrupt();
    }
  }

  @Test
  void messageOverTheLimitClosesWith1009() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      Handlers.Loud loud = new Handlers.Loud();
      WebSocketEngine engine =
          WebSocketEngine.builder(server.uri("/echo"), loud)
              .connectOptions(ConnectOptions.builder().maxTextMessageBytes(64).build())
              .reconnect(ReconnectPolicy.never())
              .build();
      engine.start();
      CloseStatus status = loud.closed.get(10, TimeUnit.SECONDS);
      assertEquals(1009, status.code());
      assertEquals("text message over the limit of 64 bytes", status.reason());
      engine.awaitTermination(Duration.ofSeconds(10));
    }
  }

  @Test
  void engineStoppedByItselfSaysWhy() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      Handlers.Loud loud = new Handlers.Loud();
      WebSocketEngine engine =
          WebSocketEngine.builder(server.uri("/echo"), loud)
              .connectOptions(ConnectOptions.builder().maxTextMessageBytes(64).build())
              .build(); // the default reconnect policy: 1009 stops the engine
      engine.start();
      assertTrue(engine.awaitTermination(Duration.ofSeconds(10)));
      assertEquals(
          "Outage[closed 1009 \"text message over the limit of 64 bytes\"]",
          engine.terminationCause().orElseThrow().toString());
    }
  }

  @Test
  void unhandledMessageGoesToOnReadError() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      Handlers.BinaryOnly handler = new Handlers.BinaryOnly();
      WebSocketEngine engine = WebSocketEngine.builder(server.uri("/echo"), handler).build();
      engine.start();
      try {
        Throwable error = handler.readError.get(10, TimeUnit.SECONDS);
        assertEquals(
            "received a text message of 5 characters, but dev.wsengine.docs.troubleshooting.Handlers$BinaryOnly"
                + " has no @OnMessage method for text messages",
            assertInstanceOf(UnhandledMessageException.class, error).getMessage());
      } finally {
        engine.stop();
      }
    }
  }

  @Test
  void decodedObjectNoMethodTakesGoesToOnReadError() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      Handlers.TicksOnly handler = new Handlers.TicksOnly();
      WebSocketEngine engine = WebSocketEngine.builder(server.uri("/echo"), handler).build();
      engine.start();
      try {
        UnhandledMessageException error =
            assertInstanceOf(
                UnhandledMessageException.class, handler.readError.get(10, TimeUnit.SECONDS));
        assertEquals(
            "a text message of 5 characters was decoded to a dev.wsengine.docs.messages.Ack, but"
                + " dev.wsengine.docs.troubleshooting.Handlers$TicksOnly has no @OnMessage method"
                + " for it or a supertype of it, nor one for text messages",
            error.getMessage());
        assertEquals(new Ack(7), error.decoded());
        assertEquals(Message.text("ack 7"), error.unhandledMessage());
      } finally {
        engine.stop();
      }
    }
  }

  @Test
  void jakartaCodecWhoseInitThrowsFailsTheStart() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      URI uri = server.uri("/echo");
      WebSocketEngine engine =
          WebSocketEngine.builder(uri, new Handlers.Quiet())
              .codec(new Handlers.BrokenInit())
              .build();
      EngineStartException e = assertThrows(EngineStartException.class, engine::start);
      assertEquals("a codec's init() failed for " + uri, e.getMessage());
      assertEquals("no schema", e.getCause().getMessage());
    }
  }
}
