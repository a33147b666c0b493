package dev.wsengine.spi;

import java.io.IOException;
import java.net.URI;

/**
 * Opens WebSocket connections. SPI for transport adapters: the runtime finds one with {@link
 * java.util.ServiceLoader} (register the implementation as a provider of {@code
 * dev.wsengine.spi.Transport}), or the user passes one to the engine builder.
 *
 * <p>Implementations are thread-safe: one transport may open many connections, from any threads.
 */
public interface Transport {
  /**
   * Dials {@code uri} and completes the opening handshake; blocks until then.
   *
   * @param uri a {@code ws} or {@code wss} URI
   * @return the open connection
   * @throws dev.wsengine.HandshakeException if the server answered with an HTTP status other than
   *     101
   * @throws IOException if the dial, TLS or the handshake failed, or took longer than {@link
   *     ConnectOptions#handshakeTimeout()}
   * @throws InterruptedException if the calling thread was interrupted; nothing is left open
   */
  TransportConnection connect(URI uri, ConnectOptions options)
      throws IOException, InterruptedException;

  /**
   * The short name users choose this transport by, with the system property {@code
   * dev.wsengine.transport} when several are on the class path: {@code tyrus} for the Tyrus
   * transport. By default the implementation's class name. Constant for an implementation.
   */
  default String name() {
    return getClass().getName();
  }
}
