package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wsengine.CloseStatus;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
  @Test
  void lengthCountsBytes() {
    assertEquals(1 + 2 + 3 + 4, Utf8.length("aé€😀"));
    assertEquals(0, Utf8.length(""));
    assertEquals(3, Utf8.length("\uD800")); // unpaired: as the encoder's replacement
    assertEquals(3, Utf8.length("\uDC00"));
  }

  @Test
  void lengthOfValidTextIsWhatTheEncoderWrites() {
    String text = "plain, ½ £, ✓ €, 😀 𝄞, and a \u0000";
    assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text));
    // The JDK's listener gets its parts as CharSequences, not Strings.
    assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(CharBuffer.wrap(text)));
  }

  @Test
  void aPairSplitAcrossPartsCountsAtMostTwoBytesTooMany() {
    String pair = "😀";
    assertEquals(4 + 2, Utf8.length(pair.substring(0, 1)) + Utf8.length(pair.substring(1)));
  }

  @Test
  void closeReasonsAreCutToWhatAStatusHolds() {
    String longReason = "é".repeat(100); // 200 bytes
    String cut = Utf8.closeReason(longReason);

    assertEquals("é".repeat(61), cut); // 122 bytes: one more would be 124
    assertEquals("a\uFFFDb", Utf8.closeReason("a\uD800b"));
    assertEquals("😀", Utf8.closeReason("😀"));
  }

  @Test
  void closeReasonsThatFitAreKeptAndCutsFallOnCharacterBoundaries() {
    String fits = "x".repeat(CloseStatus.MAX_REASON_BYTES);
    assertEquals(fits, Utf8.closeReason(fits));
    assertEquals("", Utf8.closeReason(""));
    // 121 bytes, then a 4-byte character that would make 125: cut before it, not inside it.
    assertEquals("x".repeat(121), Utf8.closeReason("x".repeat(121) + "😀"));
    // Every result is one a CloseStatus accepts.
    String mixed = "\uDC00é€😀".repeat(20);
    assertEquals(Utf8.closeReason(mixed), CloseStatus.of(1000, Utf8.closeReason(mixed)).reason());
  }
}
