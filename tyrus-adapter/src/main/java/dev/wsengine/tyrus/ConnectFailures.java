package dev.wsengine.tyrus;

import dev.wsengine.HandshakeException;
import dev.wsengine.internal.Redaction;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.glassfish.tyrus.client.RedirectException;
import org.glassfish.tyrus.client.RetryAfterException;
import org.glassfish.tyrus.client.auth.AuthenticationException;
import org.glassfish.tyrus.core.l10n.LocalizationMessages;

/**
 * Turns what Tyrus throws from a failed connect into the SPI's exceptions: {@link
 * HandshakeException} with the HTTP status when the server answered with one other than 101, a
 * plain {@link IOException} naming the step that failed otherwise. Messages name the URI as {@link
 * Redaction#uri} shows it, and never carry header values (Tyrus's exceptions do not either).
 */
final class ConnectFailures {
  /** How deep a cause chain is searched; a guard against cycles. */
  private static final int MAX_CAUSES = 32;

  private ConnectFailures() {}

  /**
   * What Tyrus says when its own handshake timeout (set to ours) ran out before our wait did: the
   * same timeout, so it gets the same message.
   */
  private static final String TYRUS_HANDSHAKE_TIMEOUT = "Handshake response not received.";

  /**
   * What Tyrus's Grizzly client says when the proxy answered the CONNECT with a status other than
   * 200 ({@code GrizzlyClientFilter.handleRead}): {@code Proxy error. 407: Proxy Authentication
   * Required}.
   */
  private static final Pattern TYRUS_PROXY_ERROR = Pattern.compile("Proxy error\\. (\\d{3}): (.*)");

  static IOException translate(URI uri, Duration handshakeTimeout, Throwable failure) {
    return translate(uri, handshakeTimeout, failure, Map.of());
  }

  /**
   * Whether {@code failure} is a refusal whose response headers Tyrus hands to {@code
   * afterResponse} (after failing the connect): any status but 101 and a redirect's.
   */
  static boolean isRefusalWithHeaders(Throwable failure) {
    org.glassfish.tyrus.core.HandshakeException refused =
        find(failure, org.glassfish.tyrus.core.HandshakeException.class);
    return refused != null
        && !(refused instanceof RedirectException)
        && refused.getHttpStatusCode() != 101;
  }

  /**
   * {@link #translate(URI, Duration, Throwable)}, a refusal carrying {@code headers}, the refusing
   * response's headers as far as known (see {@link TyrusConnection#refusedResponseHeaders}).
   */
  static IOException translate(
      URI uri, Duration handshakeTimeout, Throwable failure, Map<String, List<String>> headers) {
    if (failure instanceof DeploymentException
        && TYRUS_HANDSHAKE_TIMEOUT.equals(failure.getMessage())) {
      IOException timedOut = timedOut(uri, handshakeTimeout);
      timedOut.initCause(failure);
      return timedOut;
    }
    String where = Redaction.uri(uri);
    HandshakeException byProxy = refusedByProxy(where, failure);
    if (byProxy != null) {
      return byProxy;
    }
    org.glassfish.tyrus.core.HandshakeException refused =
        find(failure, org.glassfish.tyrus.core.HandshakeException.class);
    if (refused != null) {
      int status = refused.getHttpStatusCode();
      if (refused instanceof RedirectException) {
        return new HandshakeException(
            status, "redirects are not followed (" + where + ")", failure);
      }
      if (refused instanceof RetryAfterException retry) {
        return new HandshakeException(
            status,
            retry.getDelay() == null ? "" : "Retry-After " + retry.getDelay() + " s",
            failure,
            headers);
      }
      if (refused instanceof AuthenticationException) {
        return new HandshakeException(status, "authentication required", failure, headers);
      }
      if (LocalizationMessages.INVALID_RESPONSE_CODE(101, status).equals(refused.getMessage())) {
        return new HandshakeException(status, "", failure, headers);
      }
      // Status 101, but the response broke the protocol (say, a wrong Sec-WebSocket-Accept).
      return new IOException(
          "invalid WebSocket handshake response from " + where + ": " + refused.getMessage(),
          failure);
    }
    SSLException tls = find(failure, SSLException.class);
    if (tls != null) {
      return new IOException(
          "TLS handshake with " + where + " failed: " + tls.getMessage(), failure);
    }
    ConnectException refusedTcp = find(failure, ConnectException.class);
    if (refusedTcp != null) {
      return new IOException(
          "could not connect to " + where + ": " + refusedTcp.getMessage(), failure);
    }
    SocketException lost = find(failure, SocketException.class);
    if (lost != null
        && lost.getClass() == SocketException.class) { // not "no route to host" and kin
      // The server accepted, then reset or dropped the connection before the handshake completed.
      // Tyrus reports this only when it beats the TCP connect's completion; see docs/tyrus.md.
      String how =
          String.valueOf(lost.getMessage()).toLowerCase(Locale.ROOT).contains("reset")
              ? "reset"
              : "lost";
      return new IOException(
          "connection " + how + " during the handshake with " + where + ": " + lost.getMessage(),
          failure);
    }
    UnknownHostException unknown = find(failure, UnknownHostException.class);
    if (unknown != null) {
      return new IOException("unknown host in " + where + ": " + unknown.getMessage(), failure);
    }
    return new IOException("could not open " + where + ": " + describe(failure), failure);
  }

  /**
   * A {@link HandshakeException} with the status the proxy answered the CONNECT with, if that is
   * what failed; null otherwise. The message names the proxy's part and, for 407, the option, never
   * the credentials (Tyrus's message holds only the status and reason phrase).
   */
  private static HandshakeException refusedByProxy(String where, Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null) {
        Matcher matcher = TYRUS_PROXY_ERROR.matcher(t.getMessage());
        if (matcher.matches()) {
          int status = Integer.parseInt(matcher.group(1));
          String detail =
              "the HTTP proxy refused the CONNECT tunnel to "
                  + where
                  + " ("
                  + status
                  + " "
                  + matcher.group(2).trim()
                  + ")"
                  + (status == 407
                      ? ": proxy credentials missing or wrong"
                          + " (ConnectOptions.Builder.proxyCredentials)"
                      : "");
          return new HandshakeException(status, detail, failure);
        }
      }
    }
    return null;
  }

  static IOException timedOut(URI uri, Duration timeout) {
    return new IOException(
        "opening " + Redaction.uri(uri) + " took longer than the handshake timeout " + timeout);
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && depth < MAX_CAUSES; depth++) {
      root = root.getCause();
    }
    return root == failure ? String.valueOf(failure) : failure + " (" + root + ")";
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
