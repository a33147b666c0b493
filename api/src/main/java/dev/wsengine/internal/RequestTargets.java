package dev.wsengine.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The request target (RFC 9112 section 3.2) an upgrade request sends for a ws/wss URI: the path and
 * query exactly as the user encoded them, never decoded, so {@code %0D%0A} stays those six
 * characters and {@code %2F} does not become a path separator. Not API: the engine's builder and
 * the transports share it so they agree on what may be sent.
 */
public final class RequestTargets {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RequestTargets() {}

  /**
   * The path and query of {@code uri} as they go on the wire: the raw path ({@code /} when empty)
   * and, if there is one, {@code ?} and the raw query; characters outside ASCII are percent-encoded
   * in UTF-8 (as {@link URI#toASCIIString()} does), everything else is left as written. The result
   * holds visible ASCII only.
   *
   * @throws IllegalArgumentException naming the part ({@code uri path} or {@code uri query}), the
   *     character and its index in the raw part, if the path or query holds a control character
   *     (only a URI built by other means than {@code java.net.URI}'s parser and constructors can)
   *     or an unpaired surrogate, which no encoding can send; the query's text is never shown, it
   *     may hold secrets
   */
  public static String of(URI uri) {
    return of(uri.getRawPath(), uri.getRawQuery());
  }

  static String of(String rawPath, String rawQuery) {
    StringBuilder target = new StringBuilder();
    if (rawPath == null || rawPath.isEmpty()) {
      target.append('/');
    } else {
      appendAscii(target, "path", rawPath);
    }
    if (rawQuery != null) {
      target.append('?');
      appendAscii(target, "query", rawQuery);
    }
    return target.toString();
  }

  private static void appendAscii(StringBuilder out, String part, String raw) {
    for (int i = 0; i < raw.length(); ) {
      int c = raw.codePointAt(i);
      if (Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException(
            "uri "
                + part
                + " must not hold unencoded control or space characters; it has "
                + codePoint(c)
                + " at index "
                + i);
      }
      if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        throw new IllegalArgumentException(
            "uri "
                + part
                + " must be valid UTF-16; it has the unpaired surrogate "
                + codePoint(c)
                + " at index "
                + i);
      }
      if (c < 0x80) {
        out.append((char) c);
      } else {
        for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
      }
      i += Character.charCount(c);
    }
  }

  private static String codePoint(int c) {
    return String.format("U+%04X", c);
  }
}
