package dev.wsengine.tyrus.testing;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
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
 * Tyrus's server on Grizzly, bound to 127.0.0.1 (Tyrus's own {@code Server} binds every interface),
 * with its threads named {@code test-tyrus-*} so they are not taken for the client's. It is what
 * {@code org.glassfish.tyrus.container.grizzly.server.GrizzlyServerContainer} sets up, with the
 * listener's host as the one difference.
 */
public final class TyrusTestServer implements TestServer {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private int port;
  private LoopbackContainer container;

  TyrusTestServer() {
    ServerEvents.clear();
    start();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public synchronized void start() {
    LoopbackContainer started = new LoopbackContainer();
    try {
      started.start("/", port);
    } catch (IOException | DeploymentException e) {
      throw new IllegalStateException("the Tyrus test server did not start", e);
    }
    container = started;
    port = started.getPort();
  }

  @Override
  public synchronized void stop() {
    if (container != null) {
      container.stop();
      container = null;
    }
  }

  @Override
  public String toString() {
    return "Tyrus server on port " + port;
  }

  private static final class LoopbackContainer extends TyrusServerContainer {
    private final Map<String, Object> properties =
        Map.of(
            TyrusWebSocketEngine.THREAD_FACTORY,
            (ThreadFactory)
                task -> {
                  Thread thread = new Thread(task, "test-tyrus-exec-" + THREADS.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                });
    private final TyrusWebSocketEngine engine;
    private HttpServer http;
    private NetworkListener listener;

    LoopbackContainer() {
      super(Set.of(TyrusEchoEndpoint.class, TyrusForbiddenEndpoint.class, TyrusBusyEndpoint.class));
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
      listener = new NetworkListener("test", "127.0.0.1", port);
      listener.setTransport(
          TCPNIOTransportBuilder.newInstance()
              .setWorkerThreadPoolConfig(
                  ThreadPoolConfig.defaultConfig().setPoolName("test-tyrus-worker").setCorePoolSize(4).setMaxPoolSize(64))
              .setSelectorThreadPoolConfig(
                  ThreadPoolConfig.defaultConfig().setPoolName("test-tyrus-selector").setCorePoolSize(2).setMaxPoolSize(2))
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
