package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.HandshakeException;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ConnectProxy;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.LogCapture;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proxy credentials never reach Tyrus's logs (every logger at ALL), the engine's start failure or
 * the options' text: neither the password nor the {@code Proxy-Authorization} value, through a
 * proxy that accepts them and one that answers 407.
 */
class TyrusProxyCredentialsLogTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final String USER = "proxy-user";
  private static final String PASSWORD = "pw-Q7x9pr0xy";
  private static final String TOKEN =
      Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  private final RecordingHandler handler = new RecordingHandler();
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  @Test
  void neitherThePasswordNorTheHeaderValueIsLoggedOrShown() throws Exception {
    RawServer accepting =
        closing(
            new RawServer(
                c -> {
                  c.handshake();
                  c.readInBackground();
                }));
    ConnectProxy letsIn = closing(ConnectProxy.requiringBasic(USER, PASSWORD));
    ConnectProxy refuses = closing(ConnectProxy.requiringBasic(USER, "another"));
    String logged;
    String failure;
    try (LogCapture capture = LogCapture.everything()) {
      WebSocketEngine engine =
          Engines.builder(accepting.uri("/feed"), handler).connectOptions(options(letsIn)).build();
      engine.start();
      engine.stop();
      WebSocketEngine refused =
          Engines.builder(accepting.uri("/feed"), handler).connectOptions(options(refuses)).build();
      EngineStartException e = assertThrows(EngineStartException.class, refused::start);
      assertThat(e).hasCauseThat().isInstanceOf(HandshakeException.class);
      assertThat(((HandshakeException) e.getCause()).status()).isEqualTo(407);
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      failure = trace.toString();
      // Tyrus logs the upgrade request once the attempt that got through ends, on its own thread.
      Await.until(
          () -> capture.text().contains("Sending handshake request"),
          HANDSHAKE_TIMEOUT,
          () -> "Tyrus's handshake request in the log");
      logged = capture.text();
    }

    assertThat(letsIn.authorizations().get(0)).hasValue("Basic " + TOKEN);
    assertThat(refuses.authorizations().get(0)).hasValue("Basic " + TOKEN);
    for (String secret : List.of(PASSWORD, TOKEN)) {
      assertThat(logged).doesNotContain(secret);
      assertThat(failure).doesNotContain(secret);
      assertThat(options(letsIn).toString()).doesNotContain(secret);
    }
    assertThat(failure).contains("HTTP status 407");
    assertThat(failure).contains("proxy credentials missing or wrong");
  }

  private static ConnectOptions options(ConnectProxy proxy) {
    return ConnectOptions.builder()
        .handshakeTimeout(HANDSHAKE_TIMEOUT)
        .proxy(ProxySelector.of(proxy.address()))
        .proxyCredentials(USER, PASSWORD.toCharArray())
        .build();
  }

  private <T extends AutoCloseable> T closing(T server) {
    servers.add(server);
    return server;
  }
}
