package dev.wsengine.testing.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The server side of one test connection, whichever server implements it. Sends block until
 * written.
 */
public interface Peer {
  void sendText(String text) throws IOException;

  void sendBinary(ByteBuffer data) throws IOException;

  /** One fragment of a text message. */
  void sendTextPart(String part, boolean last) throws IOException;

  /** One fragment of a binary message. */
  void sendBinaryPart(ByteBuffer part, boolean last) throws IOException;

  void close(int code, String reason) throws IOException;
}
