package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class ConnectionClosedExceptionTest {
  @Test
  void status_isTheOneItWasCreatedWith() {
    CloseStatus status = CloseStatus.of(4000, "bye");
    ConnectionClosedException e = new ConnectionClosedException(status);

    assertEquals(status, e.status());
    assertNull(e.getCause());
    assertTrue(e.getMessage().contains("4000 bye"), e.getMessage());
  }

  @Test
  void abnormalClosure_keepsCode1006AndCause() {
    EOFException cause = new EOFException("socket closed");
    ConnectionClosedException e =
        new ConnectionClosedException(CloseStatus.ABNORMAL_CLOSURE.withReason("link died"), cause);

    assertEquals(1006, e.status().code());
    assertEquals("link died", e.status().reason());
    assertSame(cause, e.getCause());
  }

  @Test
  void isAnIOException() {
    assertInstanceOf(IOException.class, new ConnectionClosedException(CloseStatus.NORMAL));
  }

  @Test
  void nullStatus_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> new ConnectionClosedException(null));
  }

  @Test
  void serializationRoundTrip_keepsStatus() throws Exception {
    ConnectionClosedException original =
        new ConnectionClosedException(CloseStatus.of(4001, "moved €"));

    ConnectionClosedException copy = roundTrip(original);

    assertEquals(CloseStatus.of(4001, "moved €"), copy.status());
    assertEquals(original.getMessage(), copy.getMessage());
  }

  @Test
  void serializationRoundTrip_keepsReportedOnlyStatus() throws Exception {
    ConnectionClosedException copy =
        roundTrip(new ConnectionClosedException(CloseStatus.ABNORMAL_CLOSURE, new EOFException()));

    assertEquals(CloseStatus.ABNORMAL_CLOSURE, copy.status());
    assertInstanceOf(EOFException.class, copy.getCause());
  }

  static <T> T roundTrip(T object) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      @SuppressWarnings("unchecked")
      T copy = (T) in.readObject();
      return copy;
    }
  }
}
