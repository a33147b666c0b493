package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenInfoTest {
  private static final Handshake HANDSHAKE =
      Handshake.of(URI.create("ws://host/path"), Map.of("X-A", List.of("1")), null);

  @Test
  void first_isAttemptOneNotRestarting() {
    OpenInfo info = OpenInfo.first(HANDSHAKE);

    assertFalse(info.restarting());
    assertEquals(1, info.attempt());
    assertSame(HANDSHAKE, info.handshake());
  }

  @Test
  void restart_isRestartingWithTheSucceedingAttempt() {
    OpenInfo info = OpenInfo.restart(3, HANDSHAKE);

    assertTrue(info.restarting());
    assertEquals(3, info.attempt());
    assertSame(HANDSHAKE, info.handshake());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void restartAttemptBelowOne_isRejectedNamingTheValue(int attempt) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OpenInfo.restart(attempt, HANDSHAKE));

    assertTrue(e.getMessage().contains("attempt"), e.getMessage());
    assertTrue(e.getMessage().contains(Integer.toString(attempt)), e.getMessage());
  }

  @Test
  void nullHandshake_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> OpenInfo.first(null));
    assertThrows(NullPointerException.class, () -> OpenInfo.restart(1, null));
  }

  @Test
  void equality_dependsOnRestartingAttemptAndHandshake() {
    assertEquals(OpenInfo.first(HANDSHAKE), OpenInfo.first(HANDSHAKE));
    assertEquals(OpenInfo.first(HANDSHAKE).hashCode(), OpenInfo.first(HANDSHAKE).hashCode());
    assertEquals(OpenInfo.restart(2, HANDSHAKE), OpenInfo.restart(2, HANDSHAKE));
    assertNotEquals(OpenInfo.first(HANDSHAKE), OpenInfo.restart(1, HANDSHAKE));
    assertNotEquals(OpenInfo.restart(1, HANDSHAKE), OpenInfo.restart(2, HANDSHAKE));
    assertNotEquals(
        OpenInfo.first(HANDSHAKE),
        OpenInfo.first(Handshake.of(URI.create("ws://other/path"), Map.of(), null)));
  }

  @Test
  void toString_showsRestartingAndAttempt() {
    String description = OpenInfo.restart(2, HANDSHAKE).toString();

    assertTrue(description.contains("restarting=true"), description);
    assertTrue(description.contains("attempt=2"), description);
  }
}
