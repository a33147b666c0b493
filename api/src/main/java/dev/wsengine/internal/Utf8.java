package dev.wsengine.internal;

import dev.wsengine.CloseStatus;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 arithmetic the transports share: how many bytes a text takes on the wire, counted against
 * the message limits as parts arrive, and a close reason cut to what a {@link CloseStatus} holds.
 * Not API.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The UTF-8 length of {@code s}, without encoding it. An unpaired surrogate counts 3, as the
   * encoder's replacement character. A surrogate pair split across two parts of a message counts 3
   * + 3 instead of 4: at most 2 bytes too many per part boundary, a bound both transports accept
   * against their limits.
   */
  public static long length(CharSequence s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * A reason a {@link CloseStatus} accepts: unpaired surrogates replaced (by U+FFFD), cut to
   * {@value CloseStatus#MAX_REASON_BYTES} bytes of UTF-8 on a character boundary.
   */
  public static String closeReason(String reason) {
    StringBuilder out = new StringBuilder(reason.length());
    int bytes = 0;
    for (int i = 0; i < reason.length(); ) {
      int cp = reason.codePointAt(i);
      int chars = Character.charCount(cp);
      if (Character.isSurrogate(reason.charAt(i)) && chars == 1) {
        cp = '\uFFFD';
      }
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > CloseStatus.MAX_REASON_BYTES) {
        break;
      }
      out.appendCodePoint(cp);
      bytes += size;
      i += chars;
    }
    return out.toString();
  }
}
