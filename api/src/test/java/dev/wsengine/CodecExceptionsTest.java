package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class CodecExceptionsTest {
  @Test
  void decodeExceptionCarriesTheRawText() {
    IllegalStateException cause = new IllegalStateException("bad");
    DecodeException e = new DecodeException("{\"x\":", "unexpected end", cause);
    assertEquals(Message.text("{\"x\":"), e.undecoded());
    assertEquals("unexpected end", e.getMessage());
    assertSame(cause, e.getCause());
    assertNull(new DecodeException("t", "m").getCause());
  }

  @Test
  void decodeExceptionCopiesTheRemainingBytesAndLeavesTheBufferAlone() {
    ByteBuffer bytes = ByteBuffer.wrap(new byte[] {9, 1, 2});
    bytes.position(1);
    DecodeException e = new DecodeException(bytes, "short");
    bytes.put(1, (byte) 7);
    assertEquals(Message.binary(new byte[] {1, 2}), e.undecoded());
    assertEquals(1, bytes.position());
  }

  @Test
  void nullRawMessagesAreRefusedByName() {
    NullPointerException text =
        assertThrows(NullPointerException.class, () -> new DecodeException((String) null, "m"));
    assertEquals("text", text.getMessage());
    NullPointerException bytes =
        assertThrows(NullPointerException.class, () -> new DecodeException((ByteBuffer) null, "m"));
    assertEquals("bytes", bytes.getMessage());
  }

  @Test
  void theRawMessageIsNotPartOfTheSerialForm() throws Exception {
    DecodeException copy = roundTrip(new DecodeException("secret payload", "why"));
    assertEquals("why", copy.getMessage());
    assertNull(copy.undecoded());
  }

  @Test
  void encodeExceptionIsAnIoException() {
    IOException e = new EncodeException("negative id", new IllegalStateException());
    assertEquals("negative id", e.getMessage());
    assertEquals(IllegalStateException.class, e.getCause().getClass());
  }

  private static DecodeException roundTrip(DecodeException e) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (DecodeException) in.readObject();
    }
  }
}
