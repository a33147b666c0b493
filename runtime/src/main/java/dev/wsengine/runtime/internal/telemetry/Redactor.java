package dev.wsengine.runtime.internal.telemetry;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Takes the engine's secrets out of text that is about to go into a span: exception messages and
 * stack traces, which transports and handlers write without knowing what is secret.
 *
 * <p>The engine never records header values or the raw URI itself; this is the second line, for
 * text it does not write. It replaces the raw URI with its redacted form, and on their own the
 * URI's user info, its query, and the values of headers named like a secret ({@link
 * #isSecretHeader}). Parts shorter than {@value #MIN_SECRET_CHARS} characters are only replaced
 * as part of the whole URI: replacing every "1" in a stack trace would hide more than it protects.
 *
 * <p>Immutable; thread-safe.
 */
final class Redactor {
  /** Shorter fragments are not replaced on their own. */
  static final int MIN_SECRET_CHARS = 4;

  private static final String REDACTED = "REDACTED";

  /** Header names containing any of these (ignoring case) hold secrets. */
  private static final List<String> SECRET_NAME_PARTS =
      List.of("auth", "cookie", "token", "key", "secret", "password", "session");

  /** The URI as written, in its forms: replaced by {@link #redactedUri}. */
  private final List<String> uris;

  /** Secret parts: replaced by {@value #REDACTED}, longest first, after the whole URIs. */
  private final List<String> parts;

  private final String redactedUri;

  Redactor(URI uri, String redactedUri, Map<String, List<String>> headers) {
    this.redactedUri = redactedUri;
    Set<String> whole = new LinkedHashSet<>();
    whole.add(uri.toString());
    whole.add(uri.toASCIIString());
    whole.remove(redactedUri); // a URI without secrets is its own redacted form
    this.uris = List.copyOf(whole);

    Set<String> found = new LinkedHashSet<>();
    addPart(found, uri.getRawUserInfo());
    addPart(found, uri.getUserInfo());
    addPart(found, uri.getRawQuery());
    addPart(found, uri.getQuery());
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&", -1)) {
        int eq = pair.indexOf('=');
        if (eq >= 0) {
          addPart(found, pair.substring(eq + 1));
        }
      }
    }
    headers.forEach(
        (name, values) -> {
          if (isSecretHeader(name)) {
            for (String value : values) {
              addPart(found, value);
              // "Bearer abc": the credentials may be quoted without the scheme.
              int space = value.indexOf(' ');
              if (space >= 0) {
                addPart(found, value.substring(space + 1).trim());
              }
              // "a=1; b=2": a cookie's value may be quoted alone.
              for (String cookie : value.split(";", -1)) {
                int eq = cookie.indexOf('=');
                if (eq >= 0) {
                  addPart(found, cookie.substring(eq + 1).trim());
                }
              }
            }
          }
        });
    List<String> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.parts = List.copyOf(sorted);
  }

  /** Whether a header of this name holds a secret whose value must never be recorded. */
  static boolean isSecretHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String part : SECRET_NAME_PARTS) {
      if (lower.contains(part)) {
        return true;
      }
    }
    return false;
  }

  private static void addPart(Set<String> found, String text) {
    if (text != null && text.length() >= MIN_SECRET_CHARS) {
      found.add(text);
    }
  }

  /** {@code text} with every known secret replaced; the same string when it holds none. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String uri : uris) {
      out = out.replace(uri, redactedUri);
    }
    for (String part : parts) {
      out = out.replace(part, REDACTED);
    }
    return out;
  }
}
