package dev.wsengine.tyrus;

import java.io.IOException;
import java.net.Socket;

/** How much one read from a socket can hand Tyrus, which sizes its frame buffer. */
final class SocketReads {
  private static final int MARGIN = 64 * 1024;

  /**
   * Grizzly reads up to the socket's receive buffer size at once (fixed at the connection's first
   * read) and TLS adds at most a record; this is that size as the JDK reports it for a new socket,
   * plus a margin, and at least twice the margin.
   */
  static final int MAX_READ_BYTES = Math.max(receiveBufferSize(), MARGIN) + MARGIN;

  private SocketReads() {}

  private static int receiveBufferSize() {
    try (Socket probe = new Socket()) {
      return probe.getReceiveBufferSize();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
