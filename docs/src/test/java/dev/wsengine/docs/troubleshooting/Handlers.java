package dev.wsengine.docs.troubleshooting;

import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.OnClose;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
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
}
