package dev.wsengine.example.echo;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
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
 * An echo server: Tyrus on Grizzly, answering every message on {@value #PATH} with the same
 * message. Its threads are daemons named {@code echo-server-*}.
 *
 * <p>It sets Grizzly up as Tyrus's own {@code org.glassfish.tyrus.server.Server} does, except that
 * it listens on the host it is given: {@code Server} always binds every interface, and the
 * example's embedded server should be reachable from this machine only.
 */
// Not the test kit's LoopbackServer (the same set-up): a runnable example does not ship a test kit.
final class EchoServer implements AutoCloseable {
  /** The path the echo endpoint answers on. */
  static final String PATH = "/echo";

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Container container;
  private final URI uri;

  private EchoServer(Container container, URI uri) {
    this.container = container;
    this.uri = uri;
  }

  /**
   * Starts a server listening on {@code host} and {@code port} (0: a free port).
   *
   * @throws IOException if it cannot listen there
   */
  static EchoServer start(String host, int port) throws IOException {
    Container container = new Container(host);
    try {
      container.start("/", port);
    } catch (DeploymentException e) {
      throw new IOException("the echo endpoint could not be deployed: " + e.getMessage(), e);
    }
    String uriHost = host.contains(":") ? "[" + host + "]" : host;
    return new EchoServer(
        container, URI.create("ws://" + uriHost + ":" + container.getPort() + PATH));
  }

  /** Where the echo endpoint is, such as {@code ws://127.0.0.1:41234/echo}. */
  URI uri() {
    return uri;
  }

  /** Closes every connection and stops listening. */
  @Override
  public void close() {
    container.stop();
  }

  /** The endpoint: each text or binary message comes back as it came. */
  @ServerEndpoint(PATH)
  public static final class Echo {
    /** Echoes a text message. */
    @OnMessage
    public String text(String message) {
      return message;
    }

    /** Echoes a binary message. */
    @OnMessage
    public byte[] binary(byte[] message) {
      return message;
    }
  }

  private static final class Container extends TyrusServerContainer {
    private final String host;
    private final Map<String, Object> properties =
        Map.of(TyrusWebSocketEngine.THREAD_FACTORY, daemons("echo-server-exec-"));
    private final TyrusWebSocketEngine engine;
    private HttpServer http;
    private NetworkListener listener;

    Container(String host) {
      super(Set.of(Echo.class));
      this.host = host;
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
    public WebSocketEngine getWebSocketEngine() {
      return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
      return properties;
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
      http = new HttpServer();
      listener = new NetworkListener("echo", host, port);
      listener.setTransport(
          TCPNIOTransportBuilder.newInstance()
              .setWorkerThreadPoolConfig(
                  ThreadPoolConfig.defaultConfig()
                      .setPoolName("echo-server-worker")
                      .setDaemon(true))
              .setSelectorThreadPoolConfig(
                  ThreadPoolConfig.defaultConfig()
                      .setPoolName("echo-server-selector")
                      .setDaemon(true))
              .setIOStrategy(WorkerThreadIOStrategy.getInstance())
              .build());
      // WebSocket connections stay open however long they are quiet.
      listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
      listener.registerAddOn(new WebSocketAddOn(this, rootPath));
      http.addListener(listener);
      http.start();
      super.start(rootPath, port);
    }

    @Override
    public int getPort() {
      return listener.getPort();
    }

    @Override
    public void stop() {
      super.stop();
      http.shutdownNow();
    }
  }

  private static ThreadFactory daemons(String prefix) {
    return task -> {
      Thread thread = new Thread(task, prefix + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
