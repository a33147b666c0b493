package dev.wsengine.jdk;

import dev.wsengine.HandshakeException;
import dev.wsengine.internal.Durations;
import dev.wsengine.internal.ProxyAuthorization;
import dev.wsengine.internal.Redaction;
import dev.wsengine.jdk.internal.Clients;
import dev.wsengine.jdk.internal.JdkConnection;
import dev.wsengine.jdk.internal.Keepalive;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The wsengine transport over the JDK's own {@link java.net.http.WebSocket}: no dependency beyond
 * the JDK. The engine finds it with {@link java.util.ServiceLoader} when {@code wsengine-jdk} is on
 * the class path or module path; build one yourself to change the options below, and pass it with
 * {@code WebSocketEngine.Builder.transport(...)}:
 *
 * <pre>{@code
 * Transport jdk = JdkTransport.builder()
 *     .keepalive(Duration.ofSeconds(15), Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <p>The options of each connection (headers, subprotocols, TLS, handshake timeout, size limits,
 * buffered messages, proxy) come from the engine's {@link ConnectOptions}. Connections with the
 * same TLS context and proxy share one {@link HttpClient} the transport makes, and so one selector
 * thread, for as long as any of them is open. A client given with {@link Builder#httpClient} is
 * used for every connection instead, and its own TLS context, proxy and executor win over the
 * options' (which are then ignored); the transport never shuts it down.
 *
 * <p>Back-pressure is the JDK's flow control: the transport asks the socket for the next message
 * only while fewer than {@link ConnectOptions#bufferedMessages()} wait for the engine.
 *
 * <p>Differences from the Tyrus transport: the JDK does not show the handshake response's headers,
 * so {@link dev.wsengine.Handshake#headers()} is empty. Host name verification, which the JDK's
 * client turns on for every engine, is turned off for {@link
 * ConnectOptions.Builder#disableHostnameVerificationDangerously()} by a wrapper of the TLS context
 * whose engines drop the endpoint identification (the certificate chain is still checked).
 *
 * <p>Thread-safe: one transport may open any number of connections, from any threads.
 */
public final class JdkTransport implements Transport {
  /** The default time between keepalive pings: 30 seconds. */
  public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(30);

  /** The default time a pong may take before the connection is deemed dead: 10 seconds. */
  public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);

  /** Upper bound on every duration option. */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  private final HttpClient userClient;
  private final Clients clients;
  private final Duration keepaliveInterval;
  private final Duration pongTimeout;

  /** Pings every open connection of this transport from one thread; null without keepalive. */
  private final Keepalive keepalive;

  /**
   * A transport with the defaults: clients of its own, a keepalive ping every 30 seconds with a
   * pong due within 10. This is the constructor {@link java.util.ServiceLoader} uses.
   */
  public JdkTransport() {
    this(new Builder());
  }

  private JdkTransport(Builder b) {
    this.userClient = b.httpClient;
    this.clients = new Clients(b.executor);
    this.keepaliveInterval = b.keepaliveInterval;
    this.pongTimeout = b.pongTimeout;
    this.keepalive =
        keepaliveInterval == null ? null : new Keepalive(keepaliveInterval, pongTimeout);
  }

  /** {@code jdk}: the name {@code -Ddev.wsengine.transport=jdk} chooses this transport by. */
  @Override
  public String name() {
    return "jdk";
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens {@code uri} with {@link HttpClient#newWebSocketBuilder()}, waiting at most {@link
   * ConnectOptions#handshakeTimeout()} for the dial, TLS and handshake together.
   *
   * @throws IllegalArgumentException if {@code uri} is not a ws/wss URI with a host, or has a
   *     fragment, or the options ask for compression: {@link java.net.http.WebSocket} cannot
   *     negotiate extensions (use the Tyrus transport for permessage-deflate); thrown before
   *     anything is dialled
   * @throws IllegalStateException if the options hold {@link ConnectOptions#proxyCredentials()
   *     proxy credentials} but the JVM does not let the JDK's HttpClient send Basic credentials for
   *     a CONNECT tunnel (see {@link #BASIC_TUNNELLING_PROPERTY})
   */
  @Override
  public TransportConnection connect(URI uri, ConnectOptions options)
      throws IOException, InterruptedException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    checkUri(uri);
    if (options.compression().enabled()) {
      throw new IllegalArgumentException(
          "ConnectOptions.compression is "
              + options.compression()
              + ", but the JDK transport cannot compress (java.net.http.WebSocket negotiates no"
              + " extensions): use Compression.none(), or the Tyrus transport (wsengine-tyrus) for"
              + " permessage-deflate");
    }
    if (options.proxyCredentials().isPresent()) {
      checkBasicTunnellingAllowed(System.getProperty(BASIC_TUNNELLING_PROPERTY));
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before connecting to " + Redaction.uri(uri));
    }
    Clients.Lease lease =
        userClient == null
            ? clients.acquire(options.sslContext(), options.hostnameVerification(), options.proxy())
            : null;
    HttpClient client = lease == null ? userClient : lease.client();
    JdkConnection connection =
        new JdkConnection(uri, options, lease == null ? () -> {} : lease::release);
    CompletableFuture<WebSocket> opening;
    try {
      WebSocket.Builder builder =
          client.newWebSocketBuilder().connectTimeout(options.handshakeTimeout());
      options.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
      if (options.proxyCredentials().isPresent()) {
        // The JDK sends a Proxy-* header with the CONNECT only, never to the server (its
        // PROXY_TUNNEL_FILTER and NO_PROXY_HEADERS_FILTER), and none at all without a proxy.
        builder.header(
            ProxyAuthorization.HEADER, ProxyAuthorization.basic(options.proxyCredentials().get()));
      }
      List<String> subprotocols = options.subprotocols();
      if (!subprotocols.isEmpty()) {
        builder.subprotocols(
            subprotocols.get(0),
            subprotocols.subList(1, subprotocols.size()).toArray(new String[0]));
      }
      opening = builder.buildAsync(uri, connection.listener());
    } catch (RuntimeException | Error e) {
      connection.cancel();
      throw e;
    }
    WebSocket socket;
    try {
      socket =
          opening.get(Durations.saturatedNanos(options.handshakeTimeout()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      connection.cancel();
      throw translate(uri, options.handshakeTimeout(), e.getCause());
    } catch (TimeoutException e) {
      abandon(opening, connection);
      throw timedOut(uri, options.handshakeTimeout());
    } catch (InterruptedException | RuntimeException | Error e) {
      abandon(opening, connection);
      throw e;
    }
    connection.opened(socket, keepalive);
    return connection;
  }

  /**
   * The system property that lists the authentication schemes the JDK's HttpClient will not use for
   * a CONNECT tunnel: {@value}. The JDK reads it once, when its HttpClient is first used, and
   * disables {@code Basic} unless it is set (its {@code net.properties} default); it then drops a
   * {@code Proxy-Authorization: Basic} header from the CONNECT. This transport sends {@link
   * ConnectOptions#proxyCredentials()} only when the property is set and does not name Basic, and
   * never sets it itself: it governs every HttpClient of the JVM.
   */
  public static final String BASIC_TUNNELLING_PROPERTY = "jdk.http.auth.tunneling.disabledSchemes";

  /**
   * Refuses proxy credentials the JDK would silently drop: when {@code disabledSchemes} (the
   * property's value, null if unset) disables Basic for tunnels.
   */
  static void checkBasicTunnellingAllowed(String disabledSchemes) {
    boolean disabled = disabledSchemes == null;
    if (disabledSchemes != null) {
      for (String scheme : disabledSchemes.split(",", -1)) {
        if (scheme.trim().equalsIgnoreCase("Basic")) {
          disabled = true;
        }
      }
    }
    if (disabled) {
      throw new IllegalStateException(
          "proxyCredentials: the JDK's HttpClient does not send Basic credentials for a CONNECT"
              + " tunnel while the system property "
              + BASIC_TUNNELLING_PROPERTY
              + (disabledSchemes == null
                  ? " is unset (the JDK's default disables Basic)"
                  : " lists Basic (it is \"" + disabledSchemes + "\")")
              + "; start the JVM with -D"
              + BASIC_TUNNELLING_PROPERTY
              + "= (empty) to allow it, or use the Tyrus transport (wsengine-tyrus), which sends"
              + " them without it; see docs/jdk.md");
    }
  }

  /** The connect gave up before the JDK finished: a socket that opens anyway is dropped. */
  private static void abandon(CompletableFuture<WebSocket> opening, JdkConnection connection) {
    connection.cancel();
    CompletableFuture<?> unused =
        opening.whenComplete(
            (socket, failure) -> {
              if (socket != null) {
                socket.abort();
              }
            });
  }

  private static void checkUri(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException(
          "uri must be a ws:// or wss:// URI; got " + Redaction.uri(uri));
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("uri must name a host; got " + Redaction.uri(uri));
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "uri must not have a fragment (RFC 6455 section 3); got " + Redaction.uri(uri));
    }
  }

  /** What the JDK's failure of a connect becomes; messages show the URI redacted. */
  static IOException translate(URI uri, Duration handshakeTimeout, Throwable failure) {
    String where = Redaction.uri(uri);
    WebSocketHandshakeException refused = find(failure, WebSocketHandshakeException.class);
    if (refused != null) {
      int status = refused.getResponse().statusCode();
      if (status == 101) {
        // Status 101, but the response broke the protocol (say, a wrong Sec-WebSocket-Accept).
        return new IOException("invalid WebSocket handshake response from " + where, failure);
      }
      String detail =
          status / 100 == 3
              ? "redirects are not followed (" + where + ")"
              : status == 401
                  ? "authentication required"
                  : status == 407
                      // Only a proxy answers 407: the CONNECT tunnel was refused.
                      ? "the HTTP proxy refused the CONNECT tunnel to "
                          + where
                          + " (407 Proxy Authentication Required): proxy credentials missing or"
                          + " wrong (ConnectOptions.Builder.proxyCredentials)"
                      : "";
      // The response's headers, for a reconnect policy (Retry-After); never put in a message.
      return new HandshakeException(status, detail, failure, refused.getResponse().headers().map());
    }
    HttpTimeoutException timeout = find(failure, HttpTimeoutException.class);
    if (timeout != null) {
      IOException timedOut = timedOut(uri, handshakeTimeout);
      timedOut.initCause(failure);
      return timedOut;
    }
    SSLException tls = find(failure, SSLException.class);
    if (tls != null) {
      return new IOException(
          "TLS handshake with " + where + " failed: " + tls.getMessage(), failure);
    }
    ConnectException refusedTcp = find(failure, ConnectException.class);
    if (refusedTcp != null) {
      return new IOException("could not connect to " + where, failure);
    }
    return new IOException(
        "could not open " + where + ": " + failure.getClass().getSimpleName(), failure);
  }

  private static IOException timedOut(URI uri, Duration timeout) {
    return new IOException(
        "opening " + Redaction.uri(uri) + " took longer than the handshake timeout " + timeout);
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** How many HttpClients of its own this transport has in use (for tests). */
  int clientsInUse() {
    return clients.inUse();
  }

  @Override
  public String toString() {
    return "JdkTransport[client="
        + (userClient == null ? "own" : "given")
        + ", keepalive="
        + (keepaliveInterval == null ? "off" : keepaliveInterval + "/" + pongTimeout)
        + "]";
  }

  /** Builds a {@link JdkTransport}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private HttpClient httpClient;
    private Executor executor;
    private Duration keepaliveInterval = DEFAULT_KEEPALIVE_INTERVAL;
    private Duration pongTimeout = DEFAULT_PONG_TIMEOUT;

    private Builder() {}

    /**
     * Opens every connection with this client, shared with whatever else uses it. Its TLS context,
     * host name verification, proxy and executor win over those of the connect options, which are
     * then ignored; the transport never shuts it down. Null (the default) for clients the transport
     * makes and drops itself.
     *
     * @throws IllegalStateException if an executor was set too
     */
    public Builder httpClient(HttpClient client) {
      if (client != null && executor != null) {
        throw new IllegalStateException(
            "httpClient and executor exclude each other: give the executor to the client");
      }
      this.httpClient = client;
      return this;
    }

    /**
     * The executor of the clients the transport makes (it runs the JDK's listener calls and
     * completions; it must not be shut down while connections are open). Null (the default) for a
     * pool of daemon threads named {@code wsengine-jdk-N} per client, which end after a second
     * without work.
     *
     * @throws IllegalStateException if an HttpClient was set too
     */
    public Builder executor(Executor executor) {
      if (executor != null && httpClient != null) {
        throw new IllegalStateException(
            "httpClient and executor exclude each other: give the executor to the client");
      }
      this.executor = executor;
      return this;
    }

    /**
     * Sends a ping every {@code interval}; if no pong (nor any other frame) arrives within {@code
     * pongTimeout} of one, the connection is deemed dead: it closes with 1006, reads fail, and the
     * engine reconnects as for a dropped link. While the engine's readers are so far behind that
     * the transport has stopped reading, no deadline applies; while a ping's deadline is ahead, no
     * new ping goes out on that connection. One daemon thread per transport ({@code
     * wsengine-jdk-keepalive-N}, alive while any of its connections is open) pings all of them in
     * one pass. Default: every 30 s, pong within 10 s.
     *
     * @throws IllegalArgumentException unless both are positive and at most {@link #MAX_DURATION}
     */
    public Builder keepalive(Duration interval, Duration pongTimeout) {
      this.keepaliveInterval =
          Durations.checkPositiveAtMost("keepalive interval", interval, MAX_DURATION);
      this.pongTimeout = Durations.checkPositiveAtMost("pong timeout", pongTimeout, MAX_DURATION);
      return this;
    }

    /** No keepalive pings: a link that dies silently is then noticed only when a send fails. */
    public Builder noKeepalive() {
      this.keepaliveInterval = null;
      this.pongTimeout = null;
      return this;
    }

    /** The transport. */
    public JdkTransport build() {
      return new JdkTransport(this);
    }
  }
}
