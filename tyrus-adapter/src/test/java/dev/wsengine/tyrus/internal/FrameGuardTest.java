package dev.wsengine.tyrus.internal;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard finds the offending byte wherever the reads split the stream. */
class FrameGuardTest {
  /** Frames a client accepts: each length form, an empty control frame, a 64 KiB payload. */
  private static byte[] validFrames() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x81, 2, 'h', 'i'});
    out.writeBytes(new byte[] {(byte) 0x82, 126, 0x01, 0x2C});
    out.writeBytes(new byte[300]);
    out.writeBytes(new byte[] {(byte) 0x89, 0});
    out.writeBytes(new byte[] {(byte) 0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0});
    out.writeBytes(new byte[65536]);
    out.writeBytes(new byte[] {0x01, 1, 'a', (byte) 0x80, 0});
    return out.toByteArray();
  }

  /** Feeds {@code stream} in the given pieces; returns the offending byte's index in it, or -1. */
  private static int feed(FrameGuard guard, byte[] stream, List<Integer> cuts) {
    int from = 0;
    List<Integer> ends = new ArrayList<>(cuts);
    ends.add(stream.length);
    for (int to : ends) {
      // Each read arrives as a slice of a larger buffer, as Grizzly's do.
      ByteBuffer read = ByteBuffer.wrap(stream, 0, to).position(from);
      int bad = guard.scan(read);
      if (bad >= 0) {
        return bad;
      }
      from = to;
    }
    return -1;
  }

  private static void assertFoundAtEverySplit(byte[] stream, int expected, String reason) {
    for (int cut = 0; cut <= stream.length; cut++) {
      FrameGuard guard = new FrameGuard();
      assertThat(feed(guard, stream, List.of(cut))).isEqualTo(expected);
      assertThat(guard.violation()).isEqualTo(reason);
    }
    List<Integer> everyByte = new ArrayList<>();
    for (int cut = 1; cut < stream.length; cut++) {
      everyByte.add(cut);
    }
    FrameGuard oneByteReads = new FrameGuard();
    assertThat(feed(oneByteReads, stream, everyByte)).isEqualTo(expected);
    assertThat(oneByteReads.violation()).isEqualTo(reason);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  @Test
  void validFramesPassWhereverTheReadsSplitThem() {
    assertFoundAtEverySplit(validFrames(), -1, null);
  }

  @Test
  void maskedFrameIsFoundAtItsMaskBit() {
    byte[] valid = validFrames();
    byte[] stream =
        concat(
            valid, new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x' ^ 1, (byte) 0x81, 1, 'y'});

    assertFoundAtEverySplit(stream, valid.length + 1, FrameGuard.MASKED_FRAME);
  }

  @Test
  void negativeLengthIsFoundAtItsFirstByte() {
    byte[] valid = validFrames();
    byte[] stream =
        concat(
            valid, new byte[] {(byte) 0x82, 127, (byte) 0xFF, -1, -1, -1, -1, -1, -1, -1, 1, 2, 3});

    assertFoundAtEverySplit(stream, valid.length + 2, FrameGuard.NEGATIVE_LENGTH);
  }

  @Test
  void largest16BitAndPositive64BitLengthsAreAccepted() {
    FrameGuard guard = new FrameGuard();
    byte[] headers = {(byte) 0x82, 127, 0x7F, -1, -1, -1, -1, -1, -1, -1};

    assertThat(guard.scan(ByteBuffer.wrap(headers))).isEqualTo(-1);
    assertThat(guard.scan(ByteBuffer.wrap(new byte[4096]))).isEqualTo(-1);
    assertThat(guard.violation()).isNull();
  }
}
