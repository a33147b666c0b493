package dev.wsengine.tyrus.internal;

import java.nio.ByteBuffer;

/**
 * Follows the frame headers of the server's byte stream, read by read, to find what a client must
 * refuse and Tyrus does not: a masked frame (RFC 6455, 5.1) and a 64-bit payload length with its
 * most significant bit set (5.2). It reads only headers and skips payloads by count, so it holds no
 * data, and a header split across reads at any byte is followed like a whole one.
 *
 * <p>Not thread-safe: one instance per connection, used by whoever delivers that connection's
 * reads, one read at a time (see {@link GuardedGrizzlyContainer}).
 */
public final class FrameGuard {
  /** The reason a masked frame closes the connection with. */
  public static final String MASKED_FRAME = "masked frame from the server";

  /** The reason a 64-bit length with its most significant bit set closes the connection with. */
  public static final String NEGATIVE_LENGTH = "frame length with the most significant bit set";

  private static final int FIRST_BYTE = 0;
  private static final int LENGTH_BYTE = 1;
  private static final int EXTENDED_LENGTH = 2;
  private static final int PAYLOAD = 3;
  private static final int BROKEN = 4;

  private int state = FIRST_BYTE;

  /** Bytes of the extended length still to come: 2 or 8 at first. */
  private int lengthBytesLeft;

  private long length;

  /** Payload bytes of the current frame still to skip. */
  private long payloadLeft;

  private String violation;

  /**
   * Follows the bytes from {@code data}'s position to its limit, without moving either.
   *
   * @return the index in {@code data} of the first byte that breaks the protocol (then {@link
   *     #violation()} says how, and nothing after it is followed), or -1 if none does
   * @throws IllegalStateException if called again after a violation
   */
  public int scan(ByteBuffer data) {
    int end = data.limit();
    int i = data.position();
    while (i < end) {
      switch (state) {
        case FIRST_BYTE -> {
          state = LENGTH_BYTE;
          i++;
        }
        case LENGTH_BYTE -> {
          int b = data.get(i) & 0xff;
          if ((b & 0x80) != 0) {
            return broken(i, MASKED_FRAME);
          }
          int code = b & 0x7f;
          i++;
          if (code == 126 || code == 127) {
            lengthBytesLeft = code == 126 ? 2 : 8;
            length = 0;
            state = EXTENDED_LENGTH;
          } else {
            startPayload(code);
          }
        }
        case EXTENDED_LENGTH -> {
          int b = data.get(i) & 0xff;
          if (lengthBytesLeft == 8 && (b & 0x80) != 0) {
            return broken(i, NEGATIVE_LENGTH);
          }
          length = (length << 8) | b;
          i++;
          if (--lengthBytesLeft == 0) {
            startPayload(length);
          }
        }
        case PAYLOAD -> {
          int skip = (int) Math.min(payloadLeft, end - i);
          i += skip;
          payloadLeft -= skip;
          if (payloadLeft == 0) {
            state = FIRST_BYTE;
          }
        }
        default ->
            throw new IllegalStateException("the stream broke the protocol already: " + violation);
      }
    }
    return -1;
  }

  /** How the stream broke the protocol, or null while it has not. */
  public String violation() {
    return violation;
  }

  private void startPayload(long bytes) {
    payloadLeft = bytes;
    state = bytes == 0 ? FIRST_BYTE : PAYLOAD;
  }

  private int broken(int index, String reason) {
    state = BROKEN;
    violation = reason;
    return index;
  }
}
