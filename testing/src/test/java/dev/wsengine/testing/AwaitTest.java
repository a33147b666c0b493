package dev.wsengine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Await fails with what it waited for. */
class AwaitTest {
  private static final Duration SHORT = Duration.ofMillis(50);

  @Test
  void awaitFailsWithTheDescription() {
    AssertionError failure =
        assertThrows(
            AssertionError.class, () -> Await.until(() -> false, SHORT, "the moon to turn blue"));

    assertTrue(
        failure.getMessage().endsWith("waiting for: the moon to turn blue"), failure.getMessage());
  }

  @Test
  void aNegativeTimeoutIsRejectedWithItsValue() {
    IllegalArgumentException rejected =
        assertThrows(
            IllegalArgumentException.class,
            () -> Await.until(() -> true, Duration.ofSeconds(-1), "anything"));

    assertEquals("timeout must not be negative; got PT-1S", rejected.getMessage());
  }
}
