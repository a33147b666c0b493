package dev.wsengine.jdk.internal;

import dev.wsengine.CloseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Text the transport puts in messages: URIs with their secrets redacted, close reasons a {@link
 * CloseStatus} accepts, and UTF-8 lengths. The URI rule is the one of {@code
 * dev.wsengine.internal.Redaction#uri} (user info, query values and fragment replaced by {@value
 * #REDACTED}); it is repeated here because the API module exports that package to its named users
 * only, and this module is not among them yet.
 */
public final class Texts {
  /** What stands in for a secret. */
  public static final String REDACTED = "REDACTED";

  private Texts() {}

  /**
   * {@code uri} as it may appear in messages and logs: {@code wss://u:pw@host/p?token=abc&x} shows
   * as {@code wss://REDACTED@host/p?token=REDACTED&x}.
   */
  public static String uri(URI uri) {
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append(':');
    }
    if (uri.getRawAuthority() != null) {
      out.append("//");
      if (uri.getRawUserInfo() != null) {
        out.append(REDACTED).append('@');
      }
      if (uri.getHost() != null) {
        out.append(
            uri.getHost().contains(":") && !uri.getHost().startsWith("[")
                ? "[" + uri.getHost() + "]"
                : uri.getHost());
        if (uri.getPort() != -1) {
          out.append(':').append(uri.getPort());
        }
      } else {
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        out.append(at < 0 ? authority : REDACTED + authority.substring(at));
      }
      if (uri.getRawPath() != null) {
        out.append(uri.getRawPath());
      }
    } else {
      String ssp = uri.getRawSchemeSpecificPart();
      int query = ssp.indexOf('?');
      out.append(query < 0 ? ssp : ssp.substring(0, query));
    }
    if (uri.getRawQuery() != null) {
      out.append('?');
      String[] pairs = uri.getRawQuery().split("&", -1);
      for (int i = 0; i < pairs.length; i++) {
        if (i > 0) {
          out.append('&');
        }
        int eq = pairs[i].indexOf('=');
        out.append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1) + REDACTED);
      }
    }
    if (uri.getRawFragment() != null) {
      out.append('#').append(REDACTED);
    }
    return out.toString();
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
