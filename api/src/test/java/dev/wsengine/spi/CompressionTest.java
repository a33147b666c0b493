package dev.wsengine.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressionTest {
  @Test
  void none_offersNothing() {
    Compression none = Compression.none();

    assertFalse(none.enabled());
    assertFalse(none.clientNoContextTakeover());
    assertFalse(none.serverNoContextTakeover());
    assertEquals(OptionalInt.empty(), none.clientMaxWindowBits());
    assertEquals(OptionalInt.empty(), none.serverMaxWindowBits());
    assertEquals("none", none.toString());
  }

  @Test
  void permessageDeflate_hasNoParametersUntilAsked() {
    Compression deflate = Compression.permessageDeflate();

    assertTrue(deflate.enabled());
    assertFalse(deflate.clientNoContextTakeover());
    assertFalse(deflate.serverNoContextTakeover());
    assertEquals(OptionalInt.empty(), deflate.clientMaxWindowBits());
    assertEquals(OptionalInt.empty(), deflate.serverMaxWindowBits());
    assertEquals("permessage-deflate", deflate.toString());
  }

  @Test
  void everyParameter_isKeptAndShown() {
    Compression all =
        Compression.permessageDeflate()
            .withClientNoContextTakeover()
            .withServerNoContextTakeover()
            .withClientMaxWindowBits(9)
            .withServerMaxWindowBits(10);

    assertTrue(all.clientNoContextTakeover());
    assertTrue(all.serverNoContextTakeover());
    assertEquals(OptionalInt.of(9), all.clientMaxWindowBits());
    assertEquals(OptionalInt.of(10), all.serverMaxWindowBits());
    assertEquals(
        "permessage-deflate; client_no_context_takeover; server_no_context_takeover;"
            + " client_max_window_bits=9; server_max_window_bits=10",
        all.toString());
  }

  @Test
  void withMethods_leaveTheOriginalAlone_andEqualityFollowsTheParameters() {
    Compression plain = Compression.permessageDeflate();
    Compression refined = plain.withServerNoContextTakeover();

    assertFalse(plain.serverNoContextTakeover());
    assertNotEquals(plain, refined);
    assertEquals(refined, Compression.permessageDeflate().withServerNoContextTakeover());
    assertEquals(
        refined.hashCode(),
        Compression.permessageDeflate().withServerNoContextTakeover().hashCode());
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 15})
  void windowBits_atTheBounds_areAccepted(int bits) {
    assertEquals(
        OptionalInt.of(bits),
        Compression.permessageDeflate().withClientMaxWindowBits(bits).clientMaxWindowBits());
    assertEquals(
        OptionalInt.of(bits),
        Compression.permessageDeflate().withServerMaxWindowBits(bits).serverMaxWindowBits());
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 16, 0, -1})
  void clientWindowBits_outOfRange_areRejectedNamingOptionValueAndRange(int bits) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Compression.permessageDeflate().withClientMaxWindowBits(bits));

    assertEquals(
        "clientMaxWindowBits must be within 8-15 (a window of 2^bits bytes); got " + bits,
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {7, 16, Integer.MAX_VALUE})
  void serverWindowBits_outOfRange_areRejectedNamingOptionValueAndRange(int bits) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Compression.permessageDeflate().withServerMaxWindowBits(bits));

    assertEquals(
        "serverMaxWindowBits must be within 8-15 (a window of 2^bits bytes); got " + bits,
        e.getMessage());
  }

  @Test
  void refiningNone_isRejectedNamingTheOption() {
    assertRefusedOnNone("clientNoContextTakeover", Compression::withClientNoContextTakeover);
    assertRefusedOnNone("serverNoContextTakeover", Compression::withServerNoContextTakeover);
    assertRefusedOnNone("clientMaxWindowBits", c -> c.withClientMaxWindowBits(10));
    assertRefusedOnNone("serverMaxWindowBits", c -> c.withServerMaxWindowBits(10));
  }

  private static void assertRefusedOnNone(String option, Function<Compression, Compression> how) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> how.apply(Compression.none()));
    assertEquals(
        option + " refines permessage-deflate; start from Compression.permessageDeflate()",
        e.getMessage());
  }
}
