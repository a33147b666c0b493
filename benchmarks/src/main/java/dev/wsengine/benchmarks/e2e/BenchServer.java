package dev.wsengine.benchmarks.e2e;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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
 * The Tyrus server on Grizzly that both contenders talk to, bound to 127.0.0.1 on a free port
 * (Tyrus's own {@code Server} binds every interface and wants a fixed port), serving {@link
 * BenchEndpoint} at {@code /bench}. {@code main} runs it on its own, for {@code --url} from another
 * process or machine.
 */
public final class BenchServer implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Container container;

  private BenchServer(Container container) {
    this.container = container;
  }

  /** Starts a server on {@code host}:{@code port} (0: any free port). */
  public static BenchServer start(String host, int port) {
    Container started = new Container(host);
    try {
      started.start("/", port);
    } catch (IOException | DeploymentException e) {
      throw new IllegalStateException("the benchmark server did not start", e);
    }
    return new BenchServer(started);
  }

  public URI uri() {
    return URI.create("ws://127.0.0.1:" + container.getPort() + "/bench");
  }

  @Override
  public void close() {
    container.stop();
  }

  /** {@code java -cp benchmarks.jar dev.wsengine.benchmarks.e2e.BenchServer [host] [port]}. */
  public static void main(String[] args) throws InterruptedException {
    String host = args.length > 0 ? args[0] : "0.0.0.0";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8025;
    try (BenchServer server = start(host, port)) {
      System.out.println("benchmark server on ws://" + host + ":" + server.container.getPort() + "/bench; Ctrl-C stops it");
      new CountDownLatch(1).await();
    }
  }

  private static final class Container extends TyrusServerContainer {
    private final String host;
    private final Map<String, Object> properties =
        Map.of(
            TyrusWebSocketEngine.THREAD_FACTORY,
            (ThreadFactory)
                task -> {
                  Thread thread = new Thread(task, "bench-server-exec-" + THREADS.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                });
    private final TyrusWebSocketEngine engine;
    private HttpServer http;
    private NetworkListener listener;

    Container(String host) {
      super(Set.of(BenchEndpoint.class));
      this.host = host;
      engine = TyrusWebSocketEngine.builder(this).build();
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
      listener = new NetworkListener("bench", host, port);
      listener.setTransport(
          TCPNIOTransportBuilder.newInstance()
              .setWorkerThreadPoolConfig(
                  ThreadPoolConfig.defaultConfig()
                      .setPoolName("bench-server-worker")
                      .setCorePoolSize(4)
                      .setMaxPoolSize(64)
                      .setDaemon(true))
              .setSelectorThreadPoolConfig(
                  ThreadPoolConfig.defaultConfig()
                      .setPoolName("bench-server-selector")
                      .setCorePoolSize(1)
                      .setMaxPoolSize(1)
                      .setDaemon(true))
              .setIOStrategy(WorkerThreadIOStrategy.getInstance())
              .build());
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
}
