package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestartAttemptTest {
  private static final IOException ERROR = new IOException("connection refused");

  @Test
  void of_keepsNumberAndError() {
    RestartAttempt attempt = RestartAttempt.of(4, ERROR);

    assertEquals(4, attempt.number());
    assertSame(ERROR, attempt.error());
  }

  @Test
  void attemptOne_isAccepted() {
    assertEquals(1, RestartAttempt.of(1, ERROR).number());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void numberBelowOne_isRejectedNamingTheValue(int number) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RestartAttempt.of(number, ERROR));

    assertTrue(e.getMessage().contains("number"), e.getMessage());
    assertTrue(e.getMessage().contains(Integer.toString(number)), e.getMessage());
  }

  @Test
  void nullError_isRejected() {
    assertThrows(NullPointerException.class, () -> RestartAttempt.of(1, null));
  }

  @Test
  void toString_showsNumberAndError() {
    String description = RestartAttempt.of(2, ERROR).toString();

    assertTrue(description.contains("2"), description);
    assertTrue(description.contains("connection refused"), description);
  }
}
