package dev.wsengine.spi;

import java.nio.ByteBuffer;

/** Conversions generated dispatchers share. SPI for generated code. */
public final class Payloads {
  private Payloads() {}

  /** A copy of the remaining bytes of {@code buffer}; the buffer's position is not changed. */
  public static byte[] toByteArray(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
