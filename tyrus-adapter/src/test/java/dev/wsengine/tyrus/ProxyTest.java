package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ConnectProxy;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ConnectOptions.proxy: the selector's HTTP proxy is used, through a CONNECT tunnel. */
class ProxyTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final RecordingHandler handler = new RecordingHandler();
  private TestServer server;
  private ConnectProxy proxy;
  private WebSocketEngine engine;

  @AfterEach
  void tearDown() throws Exception {
    if (engine != null) {
      engine.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void connectsThroughTheProxyTheSelectorPicks() throws Exception {
    server = ServerKind.TYRUS.start();
    proxy = new ConnectProxy();
    handler.onOpen((info, c, control) -> c.sendText("via proxy"));
    ConnectOptions options =
        ConnectOptions.builder().proxy(ProxySelector.of(proxy.address())).build();
    engine = Engines.builder(server.uri("/echo"), handler).connectOptions(options).build();
    engine.start();

    handler.await("text via proxy", WAIT);
    assertThat(proxy.requests())
        .containsExactly("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1");
  }

  @Test
  void directChoiceConnectsDirectly() throws Exception {
    server = ServerKind.JETTY.start();
    proxy = new ConnectProxy();
    ConnectOptions options = ConnectOptions.builder().proxy(selector(Proxy.NO_PROXY)).build();
    engine = Engines.builder(server.uri("/echo"), handler).connectOptions(options).build();
    engine.start();

    assertThat(proxy.requests()).isEmpty();
  }

  @Test
  void socksProxyIsRefusedClearly() {
    Proxy socks = new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 1080));
    ConnectOptions options = ConnectOptions.builder().proxy(selector(socks)).build();
    engine =
        Engines.builder(URI.create("ws://127.0.0.1:9/echo"), handler)
            .connectOptions(options)
            .build();

    EngineStartException e = assertThrows(EngineStartException.class, engine::start);

    assertThat(e).hasCauseThat().isInstanceOf(IOException.class);
    assertThat(e).hasCauseThat().hasMessageThat().contains("supports HTTP (CONNECT) proxies only");
  }

  private static ProxySelector selector(Proxy choice) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(choice);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException failure) {}
    };
  }
}
