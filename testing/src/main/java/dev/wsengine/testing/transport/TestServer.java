package dev.wsengine.testing.transport;

import java.net.URI;

/**
 * What a test sees of either {@link ServerKind}: a WebSocket server in this JVM on 127.0.0.1 and a
 * free port, serving {@code /echo} (see {@link ServerKind}). It can be stopped and started again on
 * the same port. (The Tyrus kind is the kit's {@code LoopbackServer}; this interface is only what
 * it has in common with {@link JettyTestServer}.)
 */
public interface TestServer extends AutoCloseable {
  /** {@code ws://127.0.0.1:PORT/PATH}. */
  default URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + port() + path);
  }

  int port();

  /** Stops the server, dropping its connections; {@link #start()} serves the same port again. */
  void stop();

  void start();

  @Override
  default void close() {
    stop();
  }
}
