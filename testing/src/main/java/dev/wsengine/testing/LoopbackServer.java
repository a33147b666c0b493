package dev.wsengine.testing;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A real WebSocket server in the test's JVM, for integration tests: Tyrus's server on Grizzly,
 * bound to 127.0.0.1 on a free port, serving the endpoints it was started with (classes annotated
 * {@link ServerEndpoint}, or programmatic {@link ServerEndpointConfig}s).
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start(Echo.class)) {  // @ServerEndpoint("/echo")
 *   WebSocketEngine engine = WebSocketEngine.builder(server.uri("/echo"), handler).build();
 *   engine.start();
 *   ...
 *   engine.stop();
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@link #start} and {@link Builder#start()} return a server that is already
 * listening. {@link #stop()} drops every connection and stops listening; {@link #restart()} listens
 * again on the same port, so a test can take the server away under a connected client and bring it
 * back. {@link #close()} stops it for good. {@link #uri(String)} and {@link #port()} stay the same
 * for the server's whole life, stopped or not.
 *
 * <p><b>Threads.</b> Every thread the server starts (Grizzly's selector, workers and timers,
 * Tyrus's executors) is a daemon whose name begins with {@link #THREAD_PREFIX}, so a test that
 * counts engine or client threads can tell the server's apart. {@link #stop()} and {@link #close()}
 * return only once all of them have ended. Every method may be called from any thread; {@link
 * #stop()}, {@link #restart()} and {@link #close()} wait for each other.
 *
 * <p><b>Class path.</b> The kit declares Tyrus's server optional, so that tests that never start a
 * real server do not get it: to use this class, add {@code org.glassfish.tyrus:tyrus-server} and
 * {@code org.glassfish.tyrus:tyrus-container-grizzly-server} to the test class path (the versions
 * that match the wsengine-tyrus transport). Tyrus's own {@code org.glassfish.tyrus.server.Server}
 * binds every interface; this is the same Grizzly set-up, bound to the loopback address only.
 */
public final class LoopbackServer implements AutoCloseable {
  /**
   * The beginning of the name of every thread a loopback server starts: {@code
   * loopback-server-N-worker(M)}, {@code loopback-server-N-selector(M)} and {@code
   * loopback-server-N-http-M} (Grizzly's), {@code loopback-server-N-tyrus-exec-M} and {@code
   * loopback-server-N-tyrus-scheduler-M} (Tyrus's), with N the server's number in this JVM.
   */
  public static final String THREAD_PREFIX = "loopback-server-";

  /** How long {@link #stop()} waits for the server's threads to end once they were told to. */
  private static final Duration THREADS_END = Duration.ofSeconds(10);

  /** Tyrus's core scheduler threads, as many as Tyrus's own container keeps. */
  private static final int SCHEDULER_THREADS = 10;

  /** After the server's thread prefix: Tyrus's threads; the others are Grizzly's. */
  private static final String TYRUS_THREADS = "tyrus-";

  private static final AtomicInteger SERVERS = new AtomicInteger();

  private final Set<Class<?>> endpointClasses;
  private final Set<ServerEndpointConfig> endpointConfigs;
  private final InetAddress bindAddress;
  private final String threadPrefix;
  private final int port;
  private final URI base;

  private final Object lock = new Object();

  /** The running container, or null while stopped. */
  @GuardedBy("lock")
  private Container running;

  @GuardedBy("lock")
  private boolean closed;

  private LoopbackServer(Builder builder) {
    // In the order given, for the error message.
    this.endpointClasses =
        Collections.unmodifiableSet(new LinkedHashSet<>(builder.endpointClasses));
    this.endpointConfigs =
        Collections.unmodifiableSet(new LinkedHashSet<>(builder.endpointConfigs));
    this.bindAddress = builder.bindAddress;
    this.threadPrefix = THREAD_PREFIX + SERVERS.incrementAndGet() + "-";
    Container first = listen(builder.port);
    this.port = first.getPort();
    this.base = URI.create("ws://" + uriHost(bindAddress) + ":" + port);
    synchronized (lock) {
      running = first;
    }
  }

  /**
   * Starts a server on 127.0.0.1 and a free port, serving the given classes, each annotated {@link
   * ServerEndpoint}. With none, it answers every handshake with 404.
   *
   * @throws IllegalArgumentException if a class is not annotated {@link ServerEndpoint}, or Tyrus
   *     does not accept the endpoints (its reasons are in the message)
   * @throws IllegalStateException if the server cannot listen
   */
  public static LoopbackServer start(Class<?>... endpoints) {
    Objects.requireNonNull(endpoints, "endpoints");
    Builder builder = builder();
    for (Class<?> endpoint : endpoints) {
      builder.endpoint(endpoint);
    }
    return builder.start();
  }

  /** A builder, for programmatic endpoints or a fixed port. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code ws://127.0.0.1:PORT} followed by {@code path}, such as {@code
   * ws://127.0.0.1:41234/echo}; the same before and after {@link #stop()}.
   *
   * @param path the endpoint's path, beginning with {@code /}; it may carry a query
   * @throws IllegalArgumentException if {@code path} does not begin with {@code /} or is not valid
   *     in a URI
   */
  public URI uri(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must begin with '/'; got '" + path + "'");
    }
    try {
      return URI.create(base + path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "path '" + path + "' is not valid in a URI: " + e.getMessage(), e);
    }
  }

  /** The port the server listens on (and listens on again after {@link #restart()}). */
  public int port() {
    return port;
  }

  /**
   * Stops listening and drops every connection (clients see the TCP connection end without a close
   * frame); returns once the server's threads have ended. Nothing happens if the server is stopped
   * or closed already.
   *
   * @throws AssertionError if a thread of the server is still alive 10 seconds after it was told to
   *     end (an endpoint method that never returns, for example)
   */
  public void stop() {
    synchronized (lock) {
      if (running != null) {
        Container stopping = running;
        running = null;
        stopAndAwait(stopping);
      }
    }
  }

  /**
   * Listens again on the same port, serving the same endpoints; a running server is stopped first,
   * as {@link #stop()} does.
   *
   * @throws IllegalStateException if the server was closed, or the port is no longer free
   */
  public void restart() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(this + " is closed; start a new server instead");
      }
      stop();
      running = listen(port);
    }
  }

  /**
   * Stops the server for good, as {@link #stop()} does; later calls do nothing, and {@link
   * #restart()} fails.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      stop();
    }
  }

  @Override
  public String toString() {
    String state;
    synchronized (lock) {
      state = closed ? "closed" : running == null ? "stopped" : "running";
    }
    return "LoopbackServer " + base + " (" + state + ")";
  }

  private Container listen(int listenPort) {
    Container container = new Container(this);
    try {
      container.start("/", listenPort);
    } catch (DeploymentException e) {
      stopAndAwait(container); // Tyrus stopped it already; this waits for its threads
      throw new IllegalArgumentException(
          "Tyrus did not accept the endpoints "
              + describeEndpoints()
              + ": "
              + e.getMessage().strip(),
          e);
    } catch (IOException e) {
      stopAndAwait(container);
      throw new IllegalStateException(
          "the loopback server could not listen on "
              + bindAddress.getHostAddress()
              + ":"
              + listenPort
              + ": "
              + e.getMessage(),
          e);
    }
    return container;
  }

  /**
   * Stops {@code container} and returns once every thread of this server has ended: Grizzly's
   * first, since Tyrus's handling of the connections they close runs there and may still use
   * Tyrus's executors; then those executors.
   */
  private void stopAndAwait(Container container) {
    container.stopListening();
    String tyrus = threadPrefix + TYRUS_THREADS;
    ThreadCounts.awaitNoThreads(
        name -> name.startsWith(threadPrefix) && !name.startsWith(tyrus),
        threadPrefix + "* (Grizzly's)",
        THREADS_END);
    container.shutdownExecutors();
    ThreadCounts.awaitNoThreads(threadPrefix, THREADS_END);
  }

  private String describeEndpoints() {
    Set<String> names = new LinkedHashSet<>();
    endpointClasses.forEach(c -> names.add(c.getName()));
    endpointConfigs.forEach(c -> names.add(c.getEndpointClass().getName() + " at " + c.getPath()));
    return names.toString();
  }

  private static String uriHost(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return "127.0.0.1"; // listening on every interface: the loopback one reaches it from here
    }
    String host = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + host + "]" : host;
  }

  /**
   * What a {@link LoopbackServer} serves and where. Not thread-safe: build on one thread.
   *
   * <pre>{@code
   * LoopbackServer server =
   *     LoopbackServer.builder()
   *         .endpoint(Echo.class)
   *         .endpoint(ServerEndpointConfig.Builder.create(Feed.class, "/feed").build())
   *         .start();
   * }</pre>
   */
  public static final class Builder {
    private final Set<Class<?>> endpointClasses = new LinkedHashSet<>();
    private final Set<ServerEndpointConfig> endpointConfigs = new LinkedHashSet<>();
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port;

    private Builder() {}

    /**
     * Serves a class annotated {@link ServerEndpoint}, at the path its annotation gives; Tyrus
     * makes one instance per connection.
     *
     * @throws IllegalArgumentException if the class is not annotated {@link ServerEndpoint}
     */
    public Builder endpoint(Class<?> endpoint) {
      Objects.requireNonNull(endpoint, "endpoint");
      if (!endpoint.isAnnotationPresent(ServerEndpoint.class)) {
        throw new IllegalArgumentException(
            "endpoint "
                + endpoint.getName()
                + " is not annotated @ServerEndpoint; a programmatic endpoint (a subclass of "
                + Endpoint.class.getName()
                + ") is passed as a ServerEndpointConfig");
      }
      endpointClasses.add(endpoint);
      return this;
    }

    /** Serves a programmatic endpoint, at the path {@code config} gives. */
    public Builder endpoint(ServerEndpointConfig config) {
      Objects.requireNonNull(config, "config");
      endpointConfigs.add(config);
      return this;
    }

    /**
     * The port to listen on; 0 (the default) takes a free one. A test should keep 0: a fixed port
     * may be taken on the machine that runs it.
     *
     * @throws IllegalArgumentException if {@code port} is not between 0 and 65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "port must be between 0 and 65535 (0: a free port); got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The address to listen on; 127.0.0.1 by default, which only this machine reaches. Another
     * address is for tools outside tests (a benchmark's server that another machine connects to);
     * with the wildcard address, {@link LoopbackServer#uri(String)} still names 127.0.0.1.
     */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Starts the server; it is listening when this returns.
     *
     * @throws IllegalArgumentException if Tyrus does not accept the endpoints (two at one path, a
     *     method signature it rejects: its reasons are in the message)
     * @throws IllegalStateException if the server cannot listen (the port is taken)
     */
    public LoopbackServer start() {
      return new LoopbackServer(this);
    }
  }

  /**
   * What Tyrus's {@code GrizzlyServerContainer} sets up, with the listener's address and the thread
   * names as the differences. One per {@link #listen}: a stopped Tyrus container is not started
   * again. Used by the thread that holds the server's lock (or builds it).
   */
  private static final class Container extends TyrusServerContainer {
    private final LoopbackServer server;
    private final Map<String, Object> properties;
    private final TyrusWebSocketEngine engine;
    /*
     * Tyrus's executors, made here rather than by Tyrus: Tyrus makes its own lazily and makes them
     * again if asked after its shutdown (a connection that Grizzly closes as the server stops can
     * ask), which would leave a thread running. These are made once and shut down once.
     */
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final HttpServer http = new HttpServer();
    private NetworkListener listener;

    Container(LoopbackServer server) {
      super(new Endpoints(server.endpointClasses, server.endpointConfigs));
      this.server = server;
      String tyrus = server.threadPrefix + TYRUS_THREADS;
      this.executor = Executors.newCachedThreadPool(daemons(tyrus + "exec-"));
      this.scheduler =
          Executors.newScheduledThreadPool(SCHEDULER_THREADS, daemons(tyrus + "scheduler-"));
      // For any other thread Tyrus would make with its factory.
      this.properties = Map.of(TyrusWebSocketEngine.THREAD_FACTORY, daemons(tyrus + "other-"));
      this.engine = TyrusWebSocketEngine.builder(this).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
      engine.register(endpointClass, "/");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
      engine.register(config, "/");
    }

    @Override
    public ExecutorService getExecutorService() {
      return executor;
    }

    @Override
    public ScheduledExecutorService getScheduledExecutorService() {
      return scheduler;
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
      return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
      return properties;
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
      listener =
          new NetworkListener(
              server.threadPrefix + "listener", server.bindAddress.getHostAddress(), port);
      listener.setTransport(
          TCPNIOTransportBuilder.newInstance()
              .setWorkerThreadPoolConfig(
                  ThreadPoolConfig.defaultConfig()
                      .setPoolName(server.threadPrefix + "worker")
                      .setCorePoolSize(4)
                      .setMaxPoolSize(64)
                      .setDaemon(true))
              .setSelectorThreadPoolConfig(
                  ThreadPoolConfig.defaultConfig()
                      .setPoolName(server.threadPrefix + "selector")
                      .setCorePoolSize(1)
                      .setMaxPoolSize(1)
                      .setDaemon(true))
              .setIOStrategy(WorkerThreadIOStrategy.getInstance())
              .build());
      // WebSocket connections stay open however long they are quiet.
      listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
      listener.registerAddOn(new WebSocketAddOn(this, rootPath));
      http.addListener(listener);
      // Names its auxiliary (timer) threads "NAME-N"; Grizzly's default is "HttpServer-N".
      http.getServerConfiguration().setName(server.threadPrefix + "http");
      // Endpoints first, then listen: a client that reconnects the moment the port opens again
      // must not meet a server that answers 404 because its endpoints are not there yet.
      super.start(rootPath, port);
      try {
        http.start();
      } catch (IOException | RuntimeException e) {
        stop();
        throw e;
      }
    }

    @Override
    public int getPort() {
      return listener.getPort();
    }

    /** What Tyrus calls when deploying fails; {@link #stopAndAwait} is the way to stop. */
    @Override
    public void stop() {
      stopListening();
      shutdownExecutors();
    }

    /** Closes the listener and every connection, and stops Grizzly's threads. */
    void stopListening() {
      http.shutdownNow();
    }

    /** Stops Tyrus's executors, dropping their queued tasks. */
    void shutdownExecutors() {
      executor.shutdownNow();
      scheduler.shutdownNow();
      super.stop(); // Tyrus's own, should it have made any
    }
  }

  /** The endpoints Tyrus deploys when a {@link Container} starts. */
  private static final class Endpoints implements ServerApplicationConfig {
    private final Set<Class<?>> classes;
    private final Set<ServerEndpointConfig> configs;

    Endpoints(Set<Class<?>> classes, Set<ServerEndpointConfig> configs) {
      this.classes = classes;
      this.configs = configs;
    }

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
      return configs;
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
      return classes;
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger threads = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
