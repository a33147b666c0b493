package dev.wsengine;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloseStatusTest {
  private static final String ACCEPTED_RANGES = "1000-1003, 1007-1014 or 3000-4999";

  @ParameterizedTest
  @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1010, 1014, 3000, 4000, 4999})
  void sendableCode_isAccepted(int code) {
    CloseStatus status = CloseStatus.of(code, "bye");

    assertEquals(code, status.code());
    assertEquals("bye", status.reason());
    assertTrue(status.isSendable());
    assertTrue(CloseStatus.isSendable(code));
  }

  @ParameterizedTest
  @ValueSource(ints = {999, 1004, 1016, 2999, 5000, 0, -1})
  void codeNoFrameMayCarry_isRejectedNamingCodeAndRanges(int code) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CloseStatus.of(code, ""));

    assertTrue(e.getMessage().contains("got " + code), e.getMessage());
    assertTrue(e.getMessage().contains(ACCEPTED_RANGES), e.getMessage());
    assertFalse(e.getMessage().contains("reported"), e.getMessage());
    assertFalse(CloseStatus.isSendable(code));
  }

  @ParameterizedTest
  @ValueSource(ints = {1005, 1006, 1015})
  void reportedOnlyCode_isRejectedSayingItIsOnlyReported(int code) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CloseStatus.of(code));

    assertTrue(e.getMessage().contains("got " + code), e.getMessage());
    assertTrue(e.getMessage().contains(ACCEPTED_RANGES), e.getMessage());
    assertTrue(e.getMessage().contains("reported"), e.getMessage());
  }

  @Test
  void ofWithoutReason_hasEmptyReason() {
    assertEquals("", CloseStatus.of(4001).reason());
  }

  @Test
  void asciiReasonOf123Bytes_isAccepted() {
    assertAccepted("a".repeat(123));
  }

  @Test
  void asciiReasonOf124Bytes_isRejectedNamingLimitAndSize() {
    IllegalArgumentException e = assertRejected("a".repeat(124));

    assertTrue(e.getMessage().contains("at most 123 bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("got 124 bytes"), e.getMessage());
  }

  @Test
  void twoByteCharsReasonOf123Bytes_isAccepted() {
    assertAccepted("é".repeat(61) + "a"); // 122 + 1
  }

  @Test
  void twoByteCharsReasonOf124Bytes_isRejected() {
    // 61 x 'é' is 122 bytes; the 62nd starts at byte 123 and ends at byte 124.
    assertRejected("é".repeat(62));
  }

  @Test
  void threeByteCharsReasonOf123Bytes_isAccepted() {
    assertAccepted("€".repeat(41));
  }

  @Test
  void threeByteCharsReasonOver123Bytes_isRejected() {
    assertRejected("€".repeat(41) + "a"); // 124
    assertRejected("a" + "€".repeat(41)); // 124, byte 123 falls inside the last '€'
  }

  @Test
  void emojiReasonOf123Bytes_isAccepted() {
    assertAccepted("abc" + "\uD83D\uDE00".repeat(30)); // 3 + 120
  }

  @Test
  void emojiReasonWhoseLastCharCrossesTheLimit_isRejected() {
    // 2 + 30 x 4 = 122 bytes; one more emoji needs bytes 123-126.
    IllegalArgumentException e = assertRejected("aa" + "\uD83D\uDE00".repeat(31));

    assertTrue(e.getMessage().contains("got 126 bytes"), e.getMessage());
  }

  @Test
  void emojiReasonOf124Bytes_isRejected() {
    assertRejected("abcd" + "\uD83D\uDE00".repeat(30));
  }

  @Test
  void unpairedHighSurrogate_isRejectedWithItsIndex() {
    IllegalArgumentException e = assertRejected("ab\uD83Dc");

    assertTrue(e.getMessage().contains("unpaired surrogate at index 2"), e.getMessage());
  }

  @Test
  void highSurrogateAtEnd_isRejectedWithItsIndex() {
    IllegalArgumentException e = assertRejected("abc\uD83D");

    assertTrue(e.getMessage().contains("unpaired surrogate at index 3"), e.getMessage());
  }

  @Test
  void lowSurrogateBeforeHigh_isRejectedWithItsIndex() {
    IllegalArgumentException e = assertRejected("x\uDE00\uD83D");

    assertTrue(e.getMessage().contains("unpaired surrogate at index 1"), e.getMessage());
  }

  @Test
  void nullReason_throwsNullPointerException() {
    assertThrows(NullPointerException.class, () -> CloseStatus.of(1000, null));
    assertThrows(NullPointerException.class, () -> CloseStatus.received(1000, null));
    assertThrows(NullPointerException.class, () -> CloseStatus.NORMAL.withReason(null));
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 3000, 4999})
  void receivedCodeWithin1000To4999_isAccepted(int code) {
    CloseStatus status = CloseStatus.received(code, "why");

    assertEquals(code, status.code());
    assertEquals("why", status.reason());
  }

  @ParameterizedTest
  @ValueSource(ints = {999, 5000})
  void receivedCodeOutside1000To4999_isRejected(int code) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CloseStatus.received(code, ""));

    assertTrue(e.getMessage().contains("1000-4999"), e.getMessage());
    assertTrue(e.getMessage().contains("got " + code), e.getMessage());
  }

  @Test
  void receivedReasonLongerThan123Bytes_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> CloseStatus.received(1006, "a".repeat(124)));
  }

  @Test
  void constants_haveTheRfcCodesAndNoReason() {
    assertAll(
        () -> assertCode(1000, CloseStatus.NORMAL),
        () -> assertCode(1001, CloseStatus.GOING_AWAY),
        () -> assertCode(1002, CloseStatus.PROTOCOL_ERROR),
        () -> assertCode(1003, CloseStatus.UNSUPPORTED_DATA),
        () -> assertCode(1005, CloseStatus.NO_STATUS_RECEIVED),
        () -> assertCode(1006, CloseStatus.ABNORMAL_CLOSURE),
        () -> assertCode(1007, CloseStatus.INVALID_PAYLOAD),
        () -> assertCode(1008, CloseStatus.POLICY_VIOLATION),
        () -> assertCode(1009, CloseStatus.MESSAGE_TOO_BIG),
        () -> assertCode(1010, CloseStatus.MANDATORY_EXTENSION),
        () -> assertCode(1011, CloseStatus.INTERNAL_ERROR),
        () -> assertCode(1012, CloseStatus.SERVICE_RESTART),
        () -> assertCode(1013, CloseStatus.TRY_AGAIN_LATER),
        () -> assertCode(1014, CloseStatus.BAD_GATEWAY),
        () -> assertCode(1015, CloseStatus.TLS_HANDSHAKE_FAILURE));
  }

  @Test
  void reportedOnlyConstants_areNotSendable() {
    assertFalse(CloseStatus.NO_STATUS_RECEIVED.isSendable());
    assertFalse(CloseStatus.ABNORMAL_CLOSURE.isSendable());
    assertFalse(CloseStatus.TLS_HANDSHAKE_FAILURE.isSendable());
    assertTrue(CloseStatus.NORMAL.isSendable());
    assertTrue(CloseStatus.BAD_GATEWAY.isSendable());
  }

  @Test
  void withReason_keepsCodeAndChangesReason() {
    CloseStatus status = CloseStatus.GOING_AWAY.withReason("shutting down");

    assertEquals(1001, status.code());
    assertEquals("shutting down", status.reason());
    assertEquals("", CloseStatus.GOING_AWAY.reason());
  }

  @Test
  void withReasonOnReportedOnlyStatus_works() {
    CloseStatus status = CloseStatus.ABNORMAL_CLOSURE.withReason("link died");

    assertEquals(1006, status.code());
    assertEquals("link died", status.reason());
  }

  @Test
  void withReasonLongerThan123Bytes_isRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> CloseStatus.NORMAL.withReason("a".repeat(124)));
    assertThrows(
        IllegalArgumentException.class,
        () -> CloseStatus.ABNORMAL_CLOSURE.withReason("a".repeat(124)));
  }

  @Test
  void equalCodeAndReason_areEqualWithEqualHashCodes() {
    CloseStatus a = CloseStatus.of(1000, "bye");
    CloseStatus b = CloseStatus.NORMAL.withReason("bye");
    CloseStatus c = CloseStatus.received(1000, "bye");

    assertEquals(a, b);
    assertEquals(a, c);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a.hashCode(), c.hashCode());
    assertEquals(CloseStatus.NORMAL, CloseStatus.of(1000));
  }

  @Test
  void differentCodeOrReason_areNotEqual() {
    assertNotEquals(CloseStatus.of(1000, "bye"), CloseStatus.of(1001, "bye"));
    assertNotEquals(CloseStatus.of(1000, "bye"), CloseStatus.of(1000, "Bye"));
    assertNotEquals(CloseStatus.of(1000, "bye"), CloseStatus.NORMAL);
    assertNotEquals(CloseStatus.NORMAL, "1000");
  }

  @Test
  void toString_isCodeThenReason() {
    assertEquals("1000", CloseStatus.NORMAL.toString());
    assertEquals("4000 bye now", CloseStatus.of(4000, "bye now").toString());
  }

  private static void assertAccepted(String reason) {
    assertEquals(123, utf8Length(reason), "test input");
    assertEquals(reason, CloseStatus.of(1000, reason).reason());
    assertEquals(reason, CloseStatus.received(1006, reason).reason());
  }

  private static IllegalArgumentException assertRejected(String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CloseStatus.of(1000, reason));
    assertThrows(IllegalArgumentException.class, () -> CloseStatus.received(1000, reason));
    return e;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void assertCode(int code, CloseStatus status) {
    assertEquals(code, status.code());
    assertEquals("", status.reason());
  }
}
