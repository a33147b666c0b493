package dev.wsengine.docs.testing;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * An echo server in the test's JVM, on 127.0.0.1 and a free port: {@code /echo} sends every
 * message back. Tyrus's own {@code Server} binds every interface; this is what its Grizzly
 * container sets up, bound to the loopback address only.
 */
public final class LocalEchoServer implements AutoCloseable {
  private final Container container = new Container();

  /** Starts the server. */
  public LocalEchoServer() throws IOException, DeploymentException {
    container.start("/", 0);
  }

  /** {@code ws://127.0.0.1:port} and {@code path}. */
  public URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + container.listener.getPort() + path);
  }

  @Override
  public void close() {
    container.stop();
  }

  /** Echoes text and binary messages. */
  @ServerEndpoint("/echo")
  public static final class Echo {
    @jakarta.websocket.OnMessage
    public void text(Session session, String text) throws IOException {
      session.getBasicRemote().sendText(text);
    }

    @jakarta.websocket.OnMessage
    public void binary(Session session, ByteBuffer data) throws IOException {
      session.getBasicRemote().sendBinary(data);
    }
  }

  private static final class Container extends TyrusServerContainer {
    private final TyrusWebSocketEngine engine;
    private HttpServer http;
    private NetworkListener listener;

    Container() {
      super(Set.of(Echo.class));
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
      return Map.of();
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
      http = new HttpServer();
      listener = new NetworkListener("docs-echo", "127.0.0.1", port);
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
