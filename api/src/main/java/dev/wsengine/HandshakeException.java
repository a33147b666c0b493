package dev.wsengine;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server refused the opening handshake: it answered with an HTTP status other than 101
 * Switching Protocols.
 *
 * <p>Immutable once made; any thread may read it. The response's headers are there when the
 * transport could read them ({@link #headers()}), so that a reconnect policy can honour a {@code
 * Retry-After}; a transport that cannot gives none.
 */
public class HandshakeException extends IOException {
  private static final long serialVersionUID = 2L;

  private final int status;

  /** The response's headers as the server spelled them; unmodifiable and serializable. */
  @SuppressWarnings("serial") // Map.copyOf and List.copyOf give serializable collections
  private final Map<String, List<String>> headers;

  /**
   * A refused handshake.
   *
   * @param status the HTTP status the server answered with
   * @param detail what else is known, such as the reason phrase; may be empty
   */
  public HandshakeException(int status, String detail) {
    this(status, detail, null);
  }

  /** A refused handshake, with the transport's own exception as the cause. */
  public HandshakeException(int status, String detail, Throwable cause) {
    this(status, detail, cause, Map.of());
  }

  /**
   * A refused handshake with the headers of the response that refused it.
   *
   * @param headers the response's headers, each name with its values in order; copied
   * @throws NullPointerException if {@code headers}, a name, a value list or a value is null
   */
  public HandshakeException(
      int status, String detail, Throwable cause, Map<String, List<String>> headers) {
    super(
        "server refused the WebSocket handshake with HTTP status "
            + status
            + (detail == null || detail.isEmpty() ? "" : ": " + detail),
        cause);
    this.status = status;
    this.headers = copy(headers);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
    Objects.requireNonNull(headers, "headers");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          Objects.requireNonNull(name, "headers: a header name is null");
          Objects.requireNonNull(values, () -> "headers: the values of " + name + " are null");
          for (String value : values) {
            Objects.requireNonNull(value, () -> "headers: a value of " + name + " is null");
          }
          copy.put(name, List.copyOf(values));
        });
    return Map.copyOf(copy);
  }

  /** The HTTP status the server answered with, such as 404 or 503. */
  public int status() {
    return status;
  }

  /**
   * The headers of the response that refused the handshake, names as the server spelled them;
   * unmodifiable, empty when the transport could not read them. Header values may hold secrets
   * ({@code Set-Cookie}): the engine never logs or records them.
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The first value of header {@code name}, the name compared ignoring case, or empty if the
   * response had none (or the transport could not read the headers).
   */
  public Optional<String> header(String name) {
    Objects.requireNonNull(name, "name");
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return Optional.of(header.getValue().get(0));
      }
    }
    return Optional.empty();
  }
}
