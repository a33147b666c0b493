package dev.wsengine.jdk.internal;

import dev.wsengine.CloseStatus;
import dev.wsengine.internal.Redaction;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Text the transport puts in messages: URIs with their secrets redacted (the rule every module
 * shares, {@link Redaction#uri}), close reasons a {@link CloseStatus} accepts, and UTF-8 lengths.
 */
public final class Texts {
  private Texts() {}

  /** {@code uri} as it may appear in messages and logs: the shared rule of the API module. */
  public static String uri(URI uri) {
    return Redaction.uri(uri);
  }

  /**
   * A reason a {@link CloseStatus} accepts: unpaired surrogates replaced, cut to {@value
   * CloseStatus#MAX_REASON_BYTES} bytes of UTF-8 on a character boundary.
   */
  static String reason(String reason) {
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

  /**
   * The UTF-8 length of {@code s}. A surrogate pair split across two parts counts 3 + 3 instead of
   * 4: at most 2 bytes too many per part boundary, the same bound the Tyrus transport accepts.
   */
  static long utf8Length(CharSequence s) {
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
}
