package dev.wsengine.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not API. The one redaction rule, shared by spans (runtime), exception messages (runtime and
 * transports) and log records (the Tyrus transport's log filter):
 *
 * <ul>
 *   <li>A URI is shown with its user info, the value of each query parameter and its fragment
 *       replaced by {@value #REDACTED}: {@code wss://u:pw@host/p?token=abc&x} shows as {@code
 *       wss://REDACTED@host/p?token=REDACTED&x} ({@link #uri}).
 *   <li>In text written by others (exception messages, stack traces, log records) a {@link
 *       Scrubber} replaces: on a header line ({@code Name: value}), the value of every header the
 *       connect sets (and any value equal to one of theirs); the URI in any of its spellings by the
 *       form above; its user info where it stands before {@code @host} and its query where it
 *       stands after {@code ?}; and, anywhere, a secret of at least {@value #MIN_SECRET_CHARS}
 *       characters (the user info, password, query and each query value, and the values of headers
 *       named like secrets, {@link #isSecretHeader}). Shorter secrets are replaced only where they
 *       stand as parts of a URI or as header values: replacing every "1" would garble the text and
 *       protect nothing.
 * </ul>
 *
 * <p>Immutable; thread-safe.
 */
public final class Redaction {
  /** What stands in for a secret, everywhere. */
  public static final String REDACTED = "REDACTED";

  /** Secrets shorter than this are replaced only where they stand as values. */
  public static final int MIN_SECRET_CHARS = 4;

  /** Header names containing any of these (ignoring case) hold secrets. */
  private static final List<String> SECRET_NAME_PARTS =
      List.of("auth", "cookie", "token", "key", "secret", "password", "session");

  /**
   * A header line as Tyrus and HTTP write it: an optional marker ({@code "> "}), a name (an HTTP
   * token), a colon, the value.
   */
  private static final Pattern HEADER_LINE =
      Pattern.compile("([^A-Za-z0-9]*)([!#$%&'*+.^_`|~0-9A-Za-z-]+)(:[ \\t]*)(.*?)([ \\t]*)");

  private Redaction() {}

  /**
   * {@code uri} as it may appear in messages, logs and spans: {@code
   * wss://user:pw@host/p?token=abc&x} becomes {@code wss://REDACTED@host/p?token=REDACTED&x}.
   * Credentials and query values often carry secrets; names and the rest stay readable.
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
        // A registry-based authority (say, a host name with '_'): java.net.URI does not split it.
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        out.append(at < 0 ? authority : REDACTED + authority.substring(at));
      }
      if (uri.getRawPath() != null) {
        out.append(uri.getRawPath());
      }
    } else {
      // No authority to split (ws:///path, mailto:x): the part before the query as written.
      String ssp = uri.getRawSchemeSpecificPart();
      int query = ssp.indexOf('?');
      out.append(query < 0 ? ssp : ssp.substring(0, query));
    }
    if (uri.getRawQuery() != null) {
      out.append('?').append(query(uri.getRawQuery()));
    }
    if (uri.getRawFragment() != null) {
      out.append('#').append(REDACTED);
    }
    return out.toString();
  }

  /** {@code a=1&b&c=2} becomes {@code a=REDACTED&b&c=REDACTED}. */
  private static String query(String query) {
    StringBuilder out = new StringBuilder();
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      int eq = pairs[i].indexOf('=');
      out.append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1) + REDACTED);
    }
    return out.toString();
  }

  /** Whether a header of this name holds a secret that must not appear even outside its line. */
  public static boolean isSecretHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String part : SECRET_NAME_PARTS) {
      if (lower.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A scrubber for text that may quote {@code uri} or the values of {@code headers}, all of which
   * are taken as secret values (and, for headers named like secrets, as secrets anywhere).
   */
  public static Scrubber scrubber(URI uri, Map<String, List<String>> headers) {
    return scrubber(uri, List.of(), headers);
  }

  /**
   * As {@link #scrubber(URI, Map)}, for text that may also quote {@code uri} as {@code
   * alsoSpelledAs} (the URI a transport hands its library, escaped differently, perhaps without the
   * user info): each spelling is shown redacted by the same rule, and its user info and query
   * values are secrets too.
   */
  public static Scrubber scrubber(
      URI uri, List<URI> alsoSpelledAs, Map<String, List<String>> headers) {
    return new Scrubber(
        Objects.requireNonNull(uri, "uri"),
        List.copyOf(alsoSpelledAs),
        Objects.requireNonNull(headers, "headers"));
  }

  /** Takes one connect's secrets out of text; see {@link Redaction} for the rule. */
  public static final class Scrubber {
    /** Header names, lower case: the value on such a line is replaced. */
    private final Set<String> headerNames;

    /**
     * Header values: a header line whose value is one of these, at least {@link #MIN_SECRET_CHARS}
     * long, is replaced too, whatever its name (a short one would match unrelated lines).
     */
    private final Set<String> headerValues;

    /** Exact spellings of secrets in context, and what replaces them; longest first. */
    private final Map<String, String> inContext;

    /** Secrets replaced anywhere: at least {@link #MIN_SECRET_CHARS} long; longest first. */
    private final List<String> anywhere;

    private Scrubber(URI uri, List<URI> alsoSpelledAs, Map<String, List<String>> headers) {
      Set<String> names = new LinkedHashSet<>();
      Set<String> values = new LinkedHashSet<>();
      Set<String> parts = new LinkedHashSet<>();
      headers.forEach(
          (name, list) -> {
            names.add(name.toLowerCase(Locale.ROOT));
            values.add(String.join(", ", list));
            values.addAll(list);
            if (isSecretHeader(name)) {
              for (String value : list) {
                addPart(parts, value);
                // "Bearer abc": the credentials may be quoted without the scheme.
                int space = value.indexOf(' ');
                if (space >= 0) {
                  addPart(parts, value.substring(space + 1).trim());
                }
                // "a=1; b=2": a cookie's value may be quoted alone.
                for (String cookie : value.split(";", -1)) {
                  int eq = cookie.indexOf('=');
                  if (eq >= 0) {
                    addPart(parts, cookie.substring(eq + 1).trim());
                  }
                }
              }
            }
          });
      values.remove("");
      this.headerNames = Set.copyOf(names);
      this.headerValues = Set.copyOf(values);

      Map<String, String> context = new LinkedHashMap<>();
      List<URI> uris = new ArrayList<>();
      uris.add(uri);
      uris.addAll(alsoSpelledAs);
      for (URI u : uris) {
        // Each spelling as itself, redacted: the same text whichever connect's scrubber meets it
        // first, when several connects share secrets.
        String redacted = Redaction.uri(u);
        for (String spelling : List.of(u.toString(), u.toASCIIString())) {
          if (!spelling.equals(redacted)) {
            context.put(spelling, redacted);
          }
        }
        String host = u.getHost() != null ? u.getHost() : hostOf(u.getRawAuthority());
        for (String userInfo : new String[] {u.getRawUserInfo(), u.getUserInfo()}) {
          if (userInfo != null && host != null) {
            context.put(userInfo + "@" + host, REDACTED + "@" + host);
            addPart(parts, userInfo);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
              addPart(parts, userInfo.substring(colon + 1)); // the password alone
            }
          }
        }
        for (String query : new String[] {u.getRawQuery(), u.getQuery()}) {
          if (query != null) {
            context.put("?" + query, "?" + query(query));
            addPart(parts, query);
            for (String pair : query.split("&", -1)) {
              int eq = pair.indexOf('=');
              if (eq >= 0) {
                addPart(parts, pair.substring(eq + 1));
              }
            }
          }
        }
        for (String fragment : new String[] {u.getRawFragment(), u.getFragment()}) {
          if (fragment != null) {
            context.put("#" + fragment, "#" + REDACTED);
            addPart(parts, fragment);
          }
        }
      }
      context.keySet().removeIf(String::isEmpty);
      List<String> keys = new ArrayList<>(context.keySet());
      keys.sort(Comparator.comparingInt(String::length).reversed());
      Map<String, String> sorted = new LinkedHashMap<>();
      keys.forEach(k -> sorted.put(k, context.get(k)));
      this.inContext = sorted;
      List<String> longest = new ArrayList<>(parts);
      longest.sort(Comparator.comparingInt(String::length).reversed());
      this.anywhere = List.copyOf(longest);
    }

    private static String hostOf(String authority) {
      return authority == null ? null : authority.substring(authority.lastIndexOf('@') + 1);
    }

    private static void addPart(Set<String> parts, String text) {
      if (text != null && text.length() >= MIN_SECRET_CHARS && !text.equals(REDACTED)) {
        parts.add(text);
      }
    }

    /**
     * {@code text} with every secret of this connect replaced; the same string if it holds none.
     */
    public String scrub(String text) {
      if (text == null || text.isEmpty()) {
        return text;
      }
      String out = headerLines(text);
      for (Map.Entry<String, String> secret : inContext.entrySet()) {
        if (out.contains(secret.getKey())) {
          out = out.replace(secret.getKey(), secret.getValue());
        }
      }
      for (String secret : anywhere) {
        if (out.contains(secret)) {
          out = out.replace(secret, REDACTED);
        }
      }
      return out.equals(text) ? text : out;
    }

    /** Replaces the value on each line that is a header line of one of the connect's headers. */
    private String headerLines(String text) {
      if (text.indexOf(':') < 0 || (headerNames.isEmpty() && headerValues.isEmpty())) {
        return text;
      }
      StringBuilder out = null;
      int start = 0;
      while (start <= text.length()) {
        int end = text.indexOf('\n', start);
        int lineEnd = end < 0 ? text.length() : end;
        int contentEnd =
            lineEnd > start && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
        String line = text.substring(start, contentEnd);
        String replaced = headerLine(line);
        if (replaced != null) {
          if (out == null) {
            out = new StringBuilder(text.length()).append(text, 0, start);
          }
          out.append(replaced);
        } else if (out != null) {
          out.append(line);
        }
        if (out != null) {
          out.append(text, contentEnd, end < 0 ? lineEnd : end + 1);
        }
        if (end < 0) {
          break;
        }
        start = end + 1;
      }
      return out == null ? text : out.toString();
    }

    /** The line with its value replaced, or null to leave it. */
    private String headerLine(String line) {
      if (line.indexOf(':') < 0) {
        return null;
      }
      Matcher header = HEADER_LINE.matcher(line);
      if (!header.matches() || header.group(4).isEmpty() || header.group(4).equals(REDACTED)) {
        return null;
      }
      String name = header.group(2).toLowerCase(Locale.ROOT);
      String value = header.group(4);
      boolean secretValue = value.length() >= MIN_SECRET_CHARS && headerValues.contains(value);
      if (!headerNames.contains(name) && !secretValue) {
        return null;
      }
      return header.group(1) + header.group(2) + header.group(3) + REDACTED + header.group(5);
    }
  }
}
