package dev.wsengine.runtime;

import dev.wsengine.internal.Redaction;
import dev.wsengine.spi.ConnectOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The opening handshake of one connection attempt, as a {@link HandshakeHook} sees it: the headers
 * and subprotocols it will offer, which the hook may change. It starts from the engine's {@link
 * ConnectOptions}; every change is checked at once, by the rules of {@link
 * ConnectOptions.Builder#header}, and a rejected one throws and changes nothing.
 *
 * <p>Valid only during the {@link HandshakeHook#beforeHandshake} call that received it, and only on
 * that thread; once the call returns it refuses changes with {@link IllegalStateException}.
 */
public final class HandshakeRequest {
  private final URI uri;
  private final int attempt;
  private final ConnectOptions.Builder options;
  private volatile boolean done;

  HandshakeRequest(URI uri, int attempt, ConnectOptions options) {
    this.uri = uri;
    this.attempt = attempt;
    this.options = options.toBuilder();
  }

  /** Where the engine connects. */
  public URI uri() {
    return uri;
  }

  /**
   * Which attempt this is: 0 for the dial of {@link WebSocketEngine#start()}, then the reconnect
   * attempt's number from 1, as {@link dev.wsengine.RestartAttempt#number()} counts.
   */
  public int attempt() {
    return attempt;
  }

  /**
   * The request headers as they stand; unmodifiable, a snapshot. See {@link
   * ConnectOptions#headers()} for how names and values are kept.
   */
  public Map<String, List<String>> headers() {
    return options.build().headers();
  }

  /** The subprotocols offered, in order of preference, as they stand; a snapshot. */
  public List<String> subprotocols() {
    return options.build().subprotocols();
  }

  /**
   * Sets a header to this one value, replacing the values it had, under its name in any case.
   *
   * @throws IllegalArgumentException as {@link ConnectOptions.Builder#setHeader} says
   */
  public HandshakeRequest setHeader(String name, String value) {
    checkOpen();
    options.setHeader(name, value);
    return this;
  }

  /**
   * Adds a value to a header, as {@link ConnectOptions.Builder#header} does.
   *
   * @throws IllegalArgumentException as {@link ConnectOptions.Builder#header} says
   */
  public HandshakeRequest addHeader(String name, String value) {
    checkOpen();
    options.header(name, value);
    return this;
  }

  /** Removes a header, every value of it, under its name in any case; absent is fine. */
  public HandshakeRequest removeHeader(String name) {
    checkOpen();
    options.removeHeader(name);
    return this;
  }

  /**
   * Offers these subprotocols instead, in order of preference; none for an empty list.
   *
   * @throws IllegalArgumentException if one is not an HTTP token; nothing is changed then
   */
  public HandshakeRequest setSubprotocols(List<String> subprotocols) {
    checkOpen();
    Objects.requireNonNull(subprotocols, "subprotocols");
    ConnectOptions.Builder checked = ConnectOptions.builder();
    subprotocols.forEach(checked::subprotocol); // throws before anything changes
    options.clearSubprotocols();
    subprotocols.forEach(options::subprotocol);
    return this;
  }

  /** The attempt and the header names; never header values, which may be secrets. */
  @Override
  public String toString() {
    return "HandshakeRequest["
        + Redaction.uri(uri)
        + ", attempt "
        + attempt
        + ", headers="
        + headers().keySet()
        + ", subprotocols="
        + subprotocols()
        + "]";
  }

  /**
   * Runs {@code hook} for one attempt and returns that attempt's options; the request refuses
   * changes from then on.
   */
  static ConnectOptions prepare(HandshakeHook hook, URI uri, int attempt, ConnectOptions base)
      throws Exception {
    HandshakeRequest request = new HandshakeRequest(uri, attempt, base);
    try {
      hook.beforeHandshake(request);
    } finally {
      request.done = true;
    }
    return request.options.build();
  }

  private void checkOpen() {
    if (done) {
      throw new IllegalStateException(
          "this HandshakeRequest was for attempt "
              + attempt
              + ", which has been made; change headers only within beforeHandshake");
    }
  }
}
