package dev.wsengine.testing.transport;

import dev.wsengine.testing.transport.internal.JettyEndpoint;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's WebSocket server: {@code /echo} with the commands {@link ServerKind} lists, {@code
 * /busy} answering 503. With an {@link SSLContext} it serves wss with that context's certificate,
 * and may require a client certificate the context trusts (mutual TLS). The handshake's {@code X-*}
 * and {@code Proxy-*} request headers are recorded in {@link ServerEvents} as {@code header
 * name=value}, the name in lower case.
 */
public final class JettyTestServer implements TestServer {
  private final SSLContext tls;
  private final boolean needClientAuth;
  private int port;
  private Server server;

  /**
   * @param tls the server's TLS context, or null for plain ws
   */
  public JettyTestServer(SSLContext tls) {
    this(tls, false);
  }

  /**
   * @param tls the server's TLS context, not null
   * @param needClientAuth whether the TLS handshake fails unless the client presents a certificate
   *     {@code tls}'s trust managers accept
   */
  public JettyTestServer(SSLContext tls, boolean needClientAuth) {
    if (needClientAuth && tls == null) {
      throw new IllegalArgumentException("needClientAuth needs a TLS context");
    }
    this.tls = tls;
    this.needClientAuth = needClientAuth;
    ServerEvents.clear();
    start();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public java.net.URI uri(String path) {
    return java.net.URI.create((tls == null ? "ws" : "wss") + "://127.0.0.1:" + port + path);
  }

  @Override
  public synchronized void start() {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("test-jetty");
    Server started = new Server(threads);
    ServerConnector connector;
    if (tls == null) {
      connector = new ServerConnector(started);
    } else {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setSslContext(tls);
      ssl.setNeedClientAuth(needClientAuth);
      // The client decides whether the certificate fits the host; Jetty's own SNI check would
      // answer 400 where the test means the client to have accepted a mismatch.
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      HttpConfiguration http = new HttpConfiguration();
      http.addCustomizer(secure);
      connector = new ServerConnector(started, ssl, new HttpConnectionFactory(http));
    }
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    started.addConnector(connector);
    WebSocketUpgradeHandler websockets =
        WebSocketUpgradeHandler.from(
            started,
            container -> {
              container.setIdleTimeout(Duration.ofMinutes(10));
              container.setMaxTextMessageSize(1 << 20);
              container.setMaxBinaryMessageSize(1 << 20);
              container.addMapping(
                  "/echo",
                  (request, response, callback) -> {
                    request
                        .getHeaders()
                        .forEach(
                            field -> {
                              String name = field.getName().toLowerCase(Locale.ROOT);
                              if (name.startsWith("x-") || name.startsWith("proxy-")) {
                                ServerEvents.record("header " + name + "=" + field.getValue());
                              }
                            });
                    response.getHeaders().put("X-Test-Server", "jetty");
                    if (request.hasSubProtocol("chat")) {
                      response.setAcceptedSubProtocol("chat");
                    }
                    ServerEvents.handshakeGate();
                    return new JettyEndpoint();
                  });
            });
    started.setHandler(
        new Handler.Wrapper(websockets) {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            if (Request.getPathInContext(request).equals("/busy")) {
              Response.writeError(request, response, callback, 503);
              return true;
            }
            return super.handle(request, response, callback);
          }
        });
    try {
      started.start();
    } catch (Exception e) {
      throw new IllegalStateException("the Jetty test server did not start", e);
    }
    server = started;
    port = connector.getLocalPort();
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        throw new IllegalStateException("the Jetty test server did not stop", e);
      }
      server = null;
    }
  }

  @Override
  public String toString() {
    return "Jetty server on port " + port;
  }
}
