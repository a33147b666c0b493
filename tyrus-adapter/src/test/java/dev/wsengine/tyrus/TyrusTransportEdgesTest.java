package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Edges of {@link TyrusTransport#connect}: an interrupt already set, a URI without a host, a proxy
 * selector with no choice.
 */
class TyrusTransportEdgesTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();
  private TestServer server;
  private RawServer raw;
  private TransportConnection connection;

  @AfterEach
  void tearDown() throws Exception {
    if (connection != null) {
      connection.abort();
    }
    if (server != null) {
      server.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  @Test
  void connectWithTheInterruptSetThrowsAtOnceAndDialsNothing() throws Exception {
    raw = new RawServer(c -> c.drainUntilClosed());
    URI uri = raw.uri("/?token=tok-transport-edge");
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
    Thread connecting =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                transport.connect(uri, ConnectOptions.defaults()).abort();
                outcome.complete(null);
              } catch (Throwable e) {
                outcome.complete(e);
              }
              interruptedAfter.complete(Thread.currentThread().isInterrupted());
            },
            "test-connect");
    connecting.start();

    Throwable e = outcome.get(WAIT.toNanos(), TimeUnit.NANOSECONDS);
    assertThat(e).isInstanceOf(InterruptedException.class);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "interrupted before connecting to ws://127.0.0.1:" + raw.port() + "/?token=REDACTED");
    // As a blocking call does: the exception stands for the interrupt, which is cleared.
    assertThat(interruptedAfter.get(WAIT.toNanos(), TimeUnit.NANOSECONDS)).isFalse();
    assertThat(raw.connections()).isEmpty();
  }

  @Test
  void uriWithoutAHostIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                transport.connect(
                    URI.create("ws:///echo?token=tok-transport-edge"), ConnectOptions.defaults()));

    assertThat(e).hasMessageThat().isEqualTo("uri must name a host; got ws:///echo?token=REDACTED");
  }

  @Test
  void proxySelectorChoosingNothingConnectsDirectly() throws Exception {
    server = ServerKind.JETTY.start();
    ConnectOptions options = ConnectOptions.builder().proxy(selector(List.of())).build();

    connection = transport.connect(server.uri("/echo"), options);

    connection.sendText("direct");
    assertThat(connection.read(WAIT).text()).isEqualTo("direct");
  }

  private static ProxySelector selector(List<Proxy> choices) {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return choices;
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException failure) {}
    };
  }
}
