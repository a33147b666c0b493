package dev.wsengine.tyrus;

import dev.wsengine.internal.Durations;
import dev.wsengine.internal.ProxyAuthorization;
import dev.wsengine.internal.Redaction;
import dev.wsengine.internal.RequestTargets;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.tyrus.internal.GuardedGrizzlyContainer;
import dev.wsengine.tyrus.internal.ProtocolViolations;
import dev.wsengine.tyrus.internal.TlsFailures;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.client.auth.AuthConfig;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;

/**
 * The wsengine transport over the Tyrus WebSocket client, on its Grizzly container. The engine
 * finds it with {@link java.util.ServiceLoader} when {@code wsengine-tyrus} is on the class path or
 * module path; build one yourself to change the options below, and pass it with {@code
 * WebSocketEngine.Builder.transport(...)}:
 *
 * <pre>{@code
 * Transport tyrus = TyrusTransport.builder()
 *     .keepalive(Duration.ofSeconds(15), Duration.ofSeconds(5))
 *     .sharedContainer(true)
 *     .build();
 * }</pre>
 *
 * <p>The options of each connection (headers, subprotocols, TLS, handshake timeout, size limits,
 * buffered messages, proxy, compression) come from the engine's {@link ConnectOptions}; this class
 * holds only what is particular to Tyrus: whether connections share one Grizzly container, and the
 * keepalive. See {@code docs/tyrus.md} for how each option maps onto Tyrus, the back-pressure, and
 * the close codes.
 *
 * <p>Thread-safe: one transport may open any number of connections, from any threads.
 */
public final class TyrusTransport implements Transport {
  /** The default time between keepalive pings: 30 seconds. */
  public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(30);

  /** The default time a pong may take before the connection is deemed dead: 10 seconds. */
  public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);

  /** The default time a shared container lives on with no connection: 30 seconds. */
  public static final Duration DEFAULT_SHARED_CONTAINER_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Upper bound on every duration option. */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  /**
   * How long after a connect gave up, or a connection ended, Tyrus may still be logging about it:
   * Tyrus's own fixed TCP and TLS timeouts (30 s each) bound an attempt, and the request is logged
   * before either.
   */
  private static final Duration REDACTION_GRACE = Duration.ofSeconds(90);

  /**
   * How long a refused connect waits for Tyrus's {@code afterResponse} with the response's headers,
   * which Tyrus calls on its thread just after failing the connect: a bound, not a pause.
   */
  private static final Duration REFUSAL_HEADERS_WAIT = Duration.ofSeconds(1);

  private static final AtomicInteger TYRUS_THREAD_NUMBERS = new AtomicInteger();

  /**
   * Names the threads of Tyrus's own executors (it connects on one) after us, so a thread dump says
   * whose they are; daemons, as Tyrus's own are.
   */
  private static final ThreadFactory TYRUS_THREADS =
      task -> {
        Thread thread =
            new Thread(task, "wsengine-tyrus-" + TYRUS_THREAD_NUMBERS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };

  /**
   * How long a connect thread waits for the next connect before it ends: long enough for a burst of
   * connects or reconnects to reuse it, short enough that a stopped engine leaves no thread.
   */
  static final Duration CONNECT_THREAD_KEEPALIVE = Duration.ofMillis(100);

  private static final AtomicInteger CONNECT_THREAD_NUMBERS = new AtomicInteger();

  /** Names the connect threads after us; daemons, as Tyrus's own connect threads are. */
  private static final ThreadFactory CONNECT_THREADS =
      task -> {
        Thread thread =
            new Thread(task, "wsengine-tyrus-connect-" + CONNECT_THREAD_NUMBERS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };

  private final boolean sharedContainer;
  private final Duration sharedContainerIdleTimeout;
  private final Duration keepaliveInterval;
  private final Duration pongTimeout;
  private final KeepaliveScheduler keepaliveScheduler = new KeepaliveScheduler();

  /**
   * The threads connects wait on for their handshake, shared by all connections of this transport
   * (Tyrus would start a pool per connection): as many as connects are in flight, none once idle
   * for {@link #CONNECT_THREAD_KEEPALIVE}. It holds no thread when idle, so it needs no shutdown.
   */
  private final ThreadPoolExecutor connects =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          CONNECT_THREAD_KEEPALIVE.toNanos(),
          TimeUnit.NANOSECONDS,
          new SynchronousQueue<>(),
          CONNECT_THREADS);

  /**
   * A transport with the defaults: a container per connection, a keepalive ping every 30 seconds
   * with a pong due within 10. This is the constructor {@link java.util.ServiceLoader} uses.
   */
  public TyrusTransport() {
    this(new Builder());
  }

  private TyrusTransport(Builder b) {
    this.sharedContainer = b.sharedContainer;
    this.sharedContainerIdleTimeout = b.sharedContainerIdleTimeout;
    this.keepaliveInterval = b.keepaliveInterval;
    this.pongTimeout = b.pongTimeout;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code tyrus}: the name {@code -Ddev.wsengine.transport=tyrus} chooses this transport by. */
  @Override
  public String name() {
    return "tyrus";
  }

  /**
   * Dials {@code uri} with Tyrus and completes the handshake, waiting at most {@link
   * ConnectOptions#handshakeTimeout()}.
   *
   * <p>The request line carries the path and query of {@code uri} as written, never decoded ({@code
   * %0D%0A} stays those six characters, {@code %2F} is not a {@code /}); characters beyond ASCII
   * are percent-encoded in UTF-8. {@link dev.wsengine.Handshake#uri()} is {@code uri}.
   *
   * @throws IllegalArgumentException if {@code uri} is not a ws/wss URI with a host, or its path or
   *     query cannot be sent as written (an unpaired surrogate, an unencoded control or space
   *     character), or the options set a header the handshake sets itself (Host, Upgrade,
   *     Connection, Sec-WebSocket-*)
   */
  @Override
  public TransportConnection connect(URI uri, ConnectOptions options)
      throws IOException, InterruptedException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    URI target = checkUri(uri);
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before connecting to " + Redaction.uri(target));
    }
    TyrusConnection connection = new TyrusConnection(target, options);
    ClientManager client = newClient(target, options, connection);
    ClientEndpointConfig config =
        ClientEndpointConfig.Builder.create()
            .preferredSubprotocols(options.subprotocols())
            .extensions(
                connection.compression() == null ? List.of() : List.of(connection.compression()))
            .configurator(connection.configurator(options.headers()))
            .build();
    URI tyrusUri = forTyrus(target);
    LogRedaction.Registration secrets =
        LogRedaction.register(target, tyrusUri, withProxySecrets(options));
    boolean tyrusDone = false;
    boolean opened = false;
    try {
      // Tyrus's own asyncConnectToServer would run this on a thread pool of the ClientManager,
      // one per connection; its synchronous connect, run on our pool, starts none.
      Future<Session> opening =
          connects.submit(() -> connectOn(client, connection.endpoint(), config, tyrusUri));
      opening.get(options.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
      tyrusDone = true;
      opened = true;
    } catch (ExecutionException e) {
      tyrusDone = true;
      Map<String, List<String>> headers =
          ConnectFailures.isRefusalWithHeaders(e.getCause())
              ? connection.refusedResponseHeaders(REFUSAL_HEADERS_WAIT)
              : Map.of();
      connection.cancel();
      throw ConnectFailures.translate(target, options.handshakeTimeout(), e.getCause(), headers);
    } catch (TimeoutException e) {
      connection.cancel();
      throw ConnectFailures.timedOut(target, options.handshakeTimeout());
    } catch (InterruptedException e) {
      connection.cancel();
      throw e;
    } catch (RuntimeException | Error e) {
      connection.cancel();
      throw e;
    } finally {
      if (opened) {
        // Tyrus logs the URI during the session too (a session's toString holds it).
        connection.redactLogsUntilEnd(secrets, REDACTION_GRACE);
      } else if (tyrusDone) {
        // Tyrus may log the failure on its own thread after failing the future.
        secrets.closeAfter(REDACTION_GRACE);
      } else {
        secrets.closeAfter(REDACTION_GRACE.plus(options.handshakeTimeout()));
      }
    }
    boolean keepalive = keepaliveInterval != null;
    connection.opened(keepalive ? keepaliveScheduler : null, keepaliveInterval, pongTimeout);
    return connection;
  }

  /**
   * Tyrus's synchronous connect, on a {@link #connects} thread: it waits there for the handshake
   * (Tyrus's handshake timeout) as Tyrus's asynchronous connect would wait on a thread of its own.
   * Failures are thrown as the asynchronous connect's future would report them: Tyrus's synchronous
   * wrapper puts a failure other than a {@link DeploymentException} or {@link IOException} into a
   * {@link DeploymentException} with the same message, which is taken off again here.
   */
  private static Session connectOn(
      ClientManager client, Endpoint endpoint, ClientEndpointConfig config, URI uri)
      throws Exception {
    try {
      return client.connectToServer(endpoint, config, uri);
    } catch (DeploymentException e) {
      Throwable cause = e.getCause();
      if (cause != null
          && !(cause instanceof DeploymentException)
          && Objects.equals(e.getMessage(), cause.getMessage())) {
        if (cause instanceof Exception exception) {
          throw exception;
        }
        if (cause instanceof Error error) {
          throw error;
        }
      }
      throw e;
    }
  }

  private ClientManager newClient(URI uri, ConnectOptions options, TyrusConnection connection)
      throws IOException {
    // One client per connection: Tyrus reads most options from the client's property map when a
    // connect starts, so clients shared between connections with different options would race.
    // Grizzly's container, with a guard for what Tyrus's frame parser lets through.
    ClientManager client = ClientManager.createClient(GuardedGrizzlyContainer.class.getName());
    Map<String, Object> properties = client.getProperties();
    properties.put(
        GuardedGrizzlyContainer.PROTOCOL_VIOLATIONS,
        (ProtocolViolations) connection::protocolError);
    if (connection.compression() != null) {
      properties.put(
          GuardedGrizzlyContainer.EXTENSIONS_CHECK,
          (Function<List<String>, String>) connection.compression()::checkResponse);
    }
    properties.put(
        ClientProperties.HANDSHAKE_TIMEOUT,
        (int) Math.min(Integer.MAX_VALUE, options.handshakeTimeout().toMillis()));
    properties.put(
        ClientProperties.INCOMING_BUFFER_SIZE, TyrusConnection.frameBufferBytes(options));
    properties.put(ClientProperties.REDIRECT_ENABLED, false);
    properties.put(ClientProperties.RETRY_AFTER_SERVICE_UNAVAILABLE, false);
    properties.put(ClientProperties.LOG_HTTP_UPGRADE, false);
    properties.put(TyrusWebSocketEngine.THREAD_FACTORY, TYRUS_THREADS);
    // No authenticators: a 401 is reported with its status instead of being retried with
    // credentials we do not have.
    properties.put(
        ClientProperties.AUTH_CONFIG,
        AuthConfig.builder().disableProvidedBasicAuth().disableProvidedDigestAuth().build());
    if (sharedContainer) {
      properties.put(ClientProperties.SHARED_CONTAINER, true);
      properties.put(
          ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT,
          (int) Math.max(1, sharedContainerIdleTimeout.toSeconds()));
    }
    if ("wss".equals(uri.getScheme())) {
      // Only for wss: Tyrus applies a configured SSL engine to ws:// connections too.
      TlsFailures tls = new TlsFailures();
      properties.put(GuardedGrizzlyContainer.TLS_FAILURES, tls);
      properties.put(ClientProperties.SSL_ENGINE_CONFIGURATOR, sslEngineConfigurator(options, tls));
    }
    String proxy = proxyUri(uri, options);
    if (proxy != null) {
      properties.put(ClientProperties.PROXY_URI, proxy);
      if (options.proxyCredentials().isPresent()) {
        // Sent with the CONNECT only (GrizzlyClientFilter), not with the upgrade request.
        properties.put(
            ClientProperties.PROXY_HEADERS,
            Map.of(
                ProxyAuthorization.HEADER,
                ProxyAuthorization.basic(options.proxyCredentials().get())));
      }
    }
    client.setDefaultMaxSessionIdleTimeout(-1);
    client.setDefaultMaxTextMessageBufferSize(options.maxTextMessageBytes());
    client.setDefaultMaxBinaryMessageBufferSize(options.maxBinaryMessageBytes());
    return client;
  }

  private static SslEngineConfigurator sslEngineConfigurator(
      ConnectOptions options, TlsFailures tls) throws IOException {
    SSLContext context;
    if (options.sslContext().isPresent()) {
      context = options.sslContext().get();
    } else {
      try {
        context = SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IOException("the JDK has no default TLS context", e);
      }
    }
    // The user's context (with any client certificate it holds), wrapped so that a TLS failure
    // after the client's side of the handshake (TLS 1.3: a refused client certificate) ends the
    // connect at once.
    SslEngineConfigurator configurator =
        new SslEngineConfigurator(tls.wrap(context), true, false, false);
    // With verification on and no custom verifier, Tyrus sets the endpoint identification
    // algorithm HTTPS on the engine: the JDK's own check of the certificate against the host.
    configurator.setHostVerificationEnabled(options.hostnameVerification());
    return configurator;
  }

  /**
   * The headers whose values the log filter redacts: those of the options, and with proxy
   * credentials the {@code Proxy-Authorization} value and the password alone (under a name the
   * redaction takes as secret, so that they are replaced anywhere in a record).
   */
  static Map<String, List<String>> withProxySecrets(ConnectOptions options) {
    if (options.proxyCredentials().isEmpty()) {
      return options.headers();
    }
    PasswordAuthentication credentials = options.proxyCredentials().get();
    Map<String, List<String>> headers = new LinkedHashMap<>(options.headers());
    headers.put(
        ProxyAuthorization.HEADER,
        List.of(ProxyAuthorization.basic(credentials), new String(credentials.getPassword())));
    return headers;
  }

  /** The proxy the options' selector picks for {@code uri}, as Tyrus wants it, or null. */
  private static String proxyUri(URI uri, ConnectOptions options) throws IOException {
    if (options.proxy().isEmpty()) {
      return null;
    }
    ProxySelector selector = options.proxy().get();
    URI probe;
    try {
      probe =
          new URI(
              "wss".equals(uri.getScheme()) ? "https" : "http",
              null,
              uri.getHost(),
              uri.getPort(),
              "/",
              null,
              null);
    } catch (URISyntaxException e) {
      throw new IOException("cannot ask the proxy selector about " + Redaction.uri(uri), e);
    }
    List<Proxy> proxies = selector.select(probe);
    for (Proxy proxy : proxies == null ? List.<Proxy>of() : proxies) {
      switch (proxy.type()) {
        case DIRECT -> {
          return null;
        }
        case HTTP -> {
          if (proxy.address() instanceof InetSocketAddress inet) {
            String host = inet.getHostString();
            return "http://"
                + (host.contains(":") ? "[" + host + "]" : host)
                + ":"
                + inet.getPort();
          }
        }
        case SOCKS ->
            throw new IOException(
                "the proxy selector chose a SOCKS proxy for "
                    + Redaction.uri(uri)
                    + "; the Tyrus transport supports HTTP (CONNECT) proxies only");
      }
    }
    return null;
  }

  private static URI checkUri(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      throw new IllegalArgumentException(
          "uri must be a ws:// or wss:// URI; got " + Redaction.uri(uri));
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("uri must name a host; got " + Redaction.uri(uri));
    }
    RequestTargets.of(uri); // the engine's builder checks this too; the SPI may be called directly
    if (scheme.equals(uri.getScheme())) {
      return uri;
    }
    // Tyrus compares the scheme case-sensitively.
    return URI.create(scheme + uri.toString().substring(uri.getScheme().length()));
  }

  /**
   * The URI to hand Tyrus so that its request line carries {@link RequestTargets#of the request
   * target} of {@code uri}. Tyrus's Grizzly client builds that line from the <em>decoded</em> path
   * ({@code GrizzlyClientFilter.getHttpContent}: {@code uri.getPath()}), and from the decoded query
   * when that still holds a {@code %XX} ({@code isDoubleEncodedQuery}), else the raw one. Written
   * with every {@code %} as {@code %25}, the URI decodes to exactly the target: the path always,
   * and the query in both of Tyrus's cases (a target query with a {@code %} is sent decoded, one
   * without is unchanged by the escaping). Host, port and scheme, which Tyrus dials and puts in
   * {@code Host} and {@code Origin}, are untouched. User info is left out: Tyrus has no use for it
   * (it sends no credentials of its own, {@link #newClient}) and would only log it.
   */
  static URI forTyrus(URI uri) {
    String target = RequestTargets.of(uri);
    String host =
        uri.getHost(); // checkUri made sure there is one; an IPv6 literal keeps its brackets
    String authority = uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    return URI.create(uri.getScheme() + "://" + authority + target.replace("%", "%25"));
  }

  /** Whether this transport's keepalive timer thread is running (for tests). */
  boolean keepaliveRunning() {
    return keepaliveScheduler.isRunning();
  }

  @Override
  public String toString() {
    return "TyrusTransport[sharedContainer="
        + (sharedContainer ? "true (idle " + sharedContainerIdleTimeout + ")" : "false")
        + ", keepalive="
        + (keepaliveInterval == null
            ? "off"
            : "every " + keepaliveInterval + ", pong within " + pongTimeout)
        + "]";
  }

  /** Builds a {@link TyrusTransport}; each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private boolean sharedContainer;
    private Duration sharedContainerIdleTimeout = DEFAULT_SHARED_CONTAINER_IDLE_TIMEOUT;
    private Duration keepaliveInterval = DEFAULT_KEEPALIVE_INTERVAL;
    private Duration pongTimeout = DEFAULT_PONG_TIMEOUT;

    private Builder() {}

    /**
     * Whether connections share one Grizzly container (one selector and one worker pool for all
     * connections in the JVM that ask for it) instead of each having its own; default false. Use it
     * for many connections: a container per connection costs three threads (a Grizzly selector and
     * two Grizzly workers), while shared-container connections have no thread of their own. A
     * connection whose buffered messages are full holds one worker of the shared pool, which grows
     * so that the other connections go on (see {@code docs/tyrus.md}). The shared container
     * outlives the connections by {@link #sharedContainerIdleTimeout}.
     */
    public Builder sharedContainer(boolean shared) {
      this.sharedContainer = shared;
      return this;
    }

    /**
     * How long the shared container lives on once no connection uses it, in whole seconds; default
     * 30 s. Only with {@link #sharedContainer(boolean) sharedContainer(true)}.
     *
     * @throws IllegalArgumentException unless between 1 second and {@link #MAX_DURATION}
     */
    public Builder sharedContainerIdleTimeout(Duration idleTimeout) {
      Objects.requireNonNull(idleTimeout, "sharedContainerIdleTimeout");
      if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0
          || idleTimeout.compareTo(MAX_DURATION) > 0) {
        throw new IllegalArgumentException(
            "sharedContainerIdleTimeout must be between 1 second and "
                + MAX_DURATION
                + "; got "
                + idleTimeout);
      }
      this.sharedContainerIdleTimeout = idleTimeout;
      return this;
    }

    /**
     * Sends a ping every {@code interval}; if no pong (nor any other frame) arrives within {@code
     * pongTimeout} of one, the connection is deemed dead: it closes with 1006, reads fail, and the
     * engine reconnects as for a dropped link. While the engine's readers are so far behind that
     * the transport has stopped reading, no deadline applies (the server is not the one that is
     * slow). Default: every 30 s, pong within 10 s.
     *
     * @throws IllegalArgumentException unless both are positive and at most {@link #MAX_DURATION}
     */
    public Builder keepalive(Duration interval, Duration pongTimeout) {
      this.keepaliveInterval =
          Durations.checkPositiveAtMost("keepalive interval", interval, MAX_DURATION);
      this.pongTimeout = Durations.checkPositiveAtMost("pong timeout", pongTimeout, MAX_DURATION);
      return this;
    }

    /**
     * No keepalive pings: a link that dies silently (a peer that vanished without a FIN or RST) is
     * then noticed only when a send fails, or never.
     */
    public Builder noKeepalive() {
      this.keepaliveInterval = null;
      this.pongTimeout = null;
      return this;
    }

    /** The transport. */
    public TyrusTransport build() {
      return new TyrusTransport(this);
    }
  }
}
