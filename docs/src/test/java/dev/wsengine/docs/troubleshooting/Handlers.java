package dev.wsengine.docs.troubleshooting;

import dev.wsengine.CloseStatus;
import dev.wsengine.Codecs;
import dev.wsengine.Connection;
import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.docs.messages.EventDecoder;
import dev.wsengine.docs.messages.Tick;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Handlers that provoke what troubleshooting.md describes. */
final class Handlers {
  private Handlers() {}

  /** Sends a text on open; takes binary messages only. */
  public static final class BinaryOnly {
    final CompletableFuture<Throwable> readError = new CompletableFuture<>();

    @OnOpen
    void opened(Connection connection) throws IOException {
      connection.sendText("hello");
    }

    @OnMessage
    void binary(ByteBuffer data) {}

    @OnReadError
    void failed(Throwable error) {
      readError.complete(error);
    }
  }

  /** Sends a long text on open and records how the session closed. */
  public static final class Loud {
    final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

    @OnOpen
    void opened(Connection connection) throws IOException {
      connection.sendText("x".repeat(100));
    }

    @OnMessage
    void text(String text) {}

    @OnClose
    void closed(CloseStatus received) {
      closed.complete(received);
    }
  }

  /** Does nothing. */
  public static final class Quiet {
    @OnMessage
    void text(String text) {}
  }

  /** Sends "ack 7" on open, which its decoder makes an Ack that no method takes. */
  @Codecs(decoders = EventDecoder.class)
  public static final class TicksOnly {
    final CompletableFuture<Throwable> readError = new CompletableFuture<>();

    @OnOpen
    void opened(Connection connection) throws IOException {
      connection.sendText("ack 7");
    }

    @OnMessage
    void tick(Tick tick) {}

    @OnReadError
    void failed(Throwable error) {
      readError.complete(error);
    }
  }

  /** A jakarta.websocket decoder whose init fails. */
  public static final class BrokenInit implements jakarta.websocket.Decoder.Text<Tick> {
    @Override
    public void init(jakarta.websocket.EndpointConfig config) {
      throw new IllegalStateException("no schema");
    }

    @Override
    public boolean willDecode(String text) {
      return true;
    }

    @Override
    public Tick decode(String text) {
      return new Tick(text, 0);
    }
  }
}
