package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTest {
  private static final byte[] BYTES = {1, 2, 3, 4};

  @Test
  void textMessage_holdsItsText() {
    Message message = Message.text("hello");

    assertEquals(MessageType.TEXT, message.type());
    assertTrue(message.isText());
    assertEquals("hello", message.text());
    assertEquals(5, message.size());
  }

  @Test
  void binaryMessage_holdsItsBytes() {
    Message message = Message.binary(BYTES);

    assertEquals(MessageType.BINARY, message.type());
    assertFalse(message.isText());
    assertArrayEquals(BYTES, message.binaryAsArray());
    assertEquals(4, message.size());
  }

  @Test
  void textSize_countsChars() {
    assertEquals(2, Message.text("€€").size());
  }

  @Test
  void textOnBinaryMessage_throwsIllegalStateExceptionSayingWhy() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Message.binary(BYTES).text());

    assertTrue(e.getMessage().contains("text message"), e.getMessage());
    assertTrue(e.getMessage().contains("binary"), e.getMessage());
  }

  @Test
  void binaryOnTextMessage_throwsIllegalStateExceptionSayingWhy() {
    Message message = Message.text("hello");

    IllegalStateException e = assertThrows(IllegalStateException.class, message::binary);
    assertTrue(e.getMessage().contains("binary message"), e.getMessage());
    assertTrue(e.getMessage().contains("text"), e.getMessage());
    assertThrows(IllegalStateException.class, message::binaryAsArray);
  }

  @Test
  void nullPayload_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> Message.text(null));
    assertThrows(NullPointerException.class, () -> Message.binary((byte[]) null));
    assertThrows(NullPointerException.class, () -> Message.binary((ByteBuffer) null));
  }

  @Test
  void binaryFromArray_copiesTheArray() {
    byte[] source = BYTES.clone();
    Message message = Message.binary(source);

    source[0] = 99;

    assertArrayEquals(BYTES, message.binaryAsArray());
  }

  @Test
  void binaryFromBuffer_holdsRemainingBytesAndLeavesSourcePositionAlone() {
    ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 9});
    source.position(2).limit(5);

    Message message = Message.binary(source);

    assertArrayEquals(new byte[] {1, 2, 3}, message.binaryAsArray());
    assertEquals(3, message.size());
    assertEquals(2, source.position());
    assertEquals(5, source.limit());
  }

  @Test
  void binary_isReadOnlyViewPositionedAtZero() {
    ByteBuffer source = ByteBuffer.wrap(new byte[] {9, 1, 2, 3});
    source.position(1);
    ByteBuffer view = Message.binary(source).binary();

    assertTrue(view.isReadOnly());
    assertEquals(0, view.position());
    assertEquals(3, view.remaining());
    assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 7));
  }

  @Test
  void binaryViews_areIndependentBetweenCalls() {
    Message message = Message.binary(BYTES);
    ByteBuffer first = message.binary();
    first.get();
    first.get();

    ByteBuffer second = message.binary();

    assertNotSame(first, second);
    assertEquals(0, second.position());
    assertEquals(4, second.remaining());
    assertEquals(4, message.size());
    assertArrayEquals(BYTES, message.binaryAsArray());
  }

  @Test
  void binaryAsArray_returnsAFreshCopyEachTime() {
    Message message = Message.binary(BYTES);
    byte[] copy = message.binaryAsArray();

    copy[0] = 99;

    assertArrayEquals(BYTES, message.binaryAsArray());
  }

  @Test
  void messagesWithSameTypeAndPayload_areEqual() {
    assertEquals(Message.text("hi"), Message.text("hi"));
    assertEquals(Message.text("hi").hashCode(), Message.text("hi").hashCode());
    assertEquals(Message.binary(BYTES), Message.binary(ByteBuffer.wrap(BYTES.clone())));
    assertEquals(
        Message.binary(BYTES).hashCode(),
        Message.binary(ByteBuffer.wrap(BYTES.clone())).hashCode());
  }

  @Test
  void messagesWithDifferentTypeOrPayload_areNotEqual() {
    byte[] hiBytes = "hi".getBytes(StandardCharsets.UTF_8);

    assertNotEquals(Message.text("hi"), Message.text("ho"));
    assertNotEquals(Message.text("hi"), Message.binary(hiBytes));
    assertNotEquals(Message.binary(BYTES), Message.binary(new byte[] {1, 2, 3}));
    assertNotEquals(Message.text("hi"), "hi");
  }

  @Test
  void toString_describesTextWithoutItsPayload() {
    String description = Message.text("secret-token").toString();

    assertFalse(description.contains("secret"), description);
    assertTrue(description.contains("TEXT"), description);
    assertTrue(description.contains("12"), description);
  }

  @Test
  void toString_describesBinaryWithoutItsPayload() {
    Message message = Message.binary("secret-token".getBytes(StandardCharsets.UTF_8));
    String description = message.toString();

    assertFalse(description.contains("secret"), description);
    assertFalse(description.contains("115"), description); // 's' as a byte value
    assertTrue(description.contains("BINARY"), description);
    assertTrue(description.contains("12 bytes"), description);
  }
}
