package dev.wsengine;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the server answered to the opening handshake: the URI that was dialled, the response headers
 * and the subprotocol it chose.
 *
 * <p>Header names are case-insensitive. {@link #toString()} shows header names, never values,
 * because responses may carry cookies or tokens.
 *
 * <p>Immutable and safe to share between threads; valid for the whole session it belongs to.
 */
public final class Handshake {
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final String subprotocol;

  private Handshake(URI uri, Map<String, List<String>> headers, String subprotocol) {
    this.uri = uri;
    this.headers = headers;
    this.subprotocol = subprotocol;
  }

  /**
   * A handshake result, as a transport builds it.
   *
   * @param uri the URI that was dialled
   * @param headers the response headers; copied, with names compared ignoring case
   * @param subprotocol the subprotocol the server chose, or {@code null} or empty for none
   */
  public static Handshake of(URI uri, Map<String, List<String>> headers, String subprotocol) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(headers, "headers");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) -> {
          Objects.requireNonNull(name, "header name");
          copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
        });
    copy.replaceAll((name, values) -> List.copyOf(values));
    return new Handshake(
        uri,
        Collections.unmodifiableMap(copy),
        subprotocol == null || subprotocol.isEmpty() ? null : subprotocol);
  }

  /** The URI that was dialled. */
  public URI uri() {
    return uri;
  }

  /** All response headers; names compare ignoring case; unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a response header, ignoring the case of {@code name}. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(Objects.requireNonNull(name, "name"));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The subprotocol the server chose, if any. */
  public Optional<String> subprotocol() {
    return Optional.ofNullable(subprotocol);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Handshake that
        && uri.equals(that.uri)
        && headers.equals(that.headers)
        && Objects.equals(subprotocol, that.subprotocol);
  }

  @Override
  public int hashCode() {
    // Consistent with equals, which compares header names ignoring case.
    int headersHash = 0;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      headersHash +=
          header.getKey().toLowerCase(Locale.ROOT).hashCode() ^ header.getValue().hashCode();
    }
    return Objects.hash(uri, headersHash, subprotocol);
  }

  /** The host, path, subprotocol and header names; never header values or URI user info. */
  @Override
  public String toString() {
    String authority = Objects.toString(uri.getRawAuthority(), "");
    return "Handshake["
        + uri.getScheme()
        + "://"
        + authority.substring(authority.lastIndexOf('@') + 1)
        + Objects.toString(uri.getRawPath(), "")
        + (subprotocol == null ? "" : ", subprotocol=" + subprotocol)
        + ", headers="
        + headers.keySet()
        + "]";
  }
}
