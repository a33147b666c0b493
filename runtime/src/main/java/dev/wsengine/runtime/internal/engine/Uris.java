package dev.wsengine.runtime.internal.engine;

import java.net.URI;

/** URIs as they may appear in messages, logs and spans: user info and query values redacted. */
public final class Uris {
  static final String REDACTED = "REDACTED";

  private Uris() {}

  /**
   * {@code wss://user:pw@host/p?token=abc&x} becomes {@code wss://REDACTED@host/p?token=REDACTED&x}:
   * credentials and query values often carry secrets; names and the rest stay readable.
   */
  public static String redact(URI uri) {
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
        out.append(uri.getHost().contains(":") && !uri.getHost().startsWith("[")
            ? "[" + uri.getHost() + "]"
            : uri.getHost());
        if (uri.getPort() != -1) {
          out.append(':').append(uri.getPort());
        }
      } else {
        // A registry-based authority (say, a host name with '_'): java.net.URI does not split it.
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        out.append(at < 0 ? authority : REDACTED + authority.substring(at));
      }
    }
    if (uri.getRawAuthority() == null) {
      // No authority to split (ws:///path, mailto:x): the part before the query as written.
      String ssp = uri.getRawSchemeSpecificPart();
      int query = ssp.indexOf('?');
      out.append(query < 0 ? ssp : ssp.substring(0, query));
    } else if (uri.getRawPath() != null) {
      out.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      out.append('?');
      String[] parts = uri.getRawQuery().split("&", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          out.append('&');
        }
        int eq = parts[i].indexOf('=');
        out.append(eq < 0 ? parts[i] : parts[i].substring(0, eq + 1) + REDACTED);
      }
    }
    if (uri.getRawFragment() != null) {
      out.append('#').append(REDACTED);
    }
    return out.toString();
  }
}
