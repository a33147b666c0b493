package dev.wsengine.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PayloadsTest {
  @Test
  void toByteArray_copiesRemainingBytesWithoutMovingPosition() {
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 9});
    buffer.position(2).limit(5);

    byte[] bytes = Payloads.toByteArray(buffer);

    assertArrayEquals(new byte[] {1, 2, 3}, bytes);
    assertEquals(2, buffer.position());
    assertEquals(5, buffer.limit());
  }

  @Test
  void toByteArray_returnsACopyNotTheBackingArray() {
    byte[] backing = {1, 2, 3};
    byte[] bytes = Payloads.toByteArray(ByteBuffer.wrap(backing));

    bytes[0] = 99;

    assertArrayEquals(new byte[] {1, 2, 3}, backing);
  }

  @Test
  void toByteArray_readsDirectAndReadOnlyBuffers() {
    ByteBuffer direct = ByteBuffer.allocateDirect(3).put(new byte[] {4, 5, 6}).flip();

    assertArrayEquals(new byte[] {4, 5, 6}, Payloads.toByteArray(direct));
    assertArrayEquals(new byte[] {4, 5, 6}, Payloads.toByteArray(direct.asReadOnlyBuffer()));
    assertEquals(0, direct.position());
  }

  @Test
  void toByteArrayOfEmptyBuffer_isEmpty() {
    assertArrayEquals(new byte[0], Payloads.toByteArray(ByteBuffer.allocate(0)));
  }
}
