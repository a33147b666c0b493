package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.JettyTestServer;
import dev.wsengine.testing.transport.TlsCerts;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss against Jetty with certificates made at run time: what the engine's start says when the Tyrus
 * transport refuses a certificate. What the transport does over wss (trust, host name verification
 * and turning it off) is the kit's contract: {@link TyrusTlsContractTest}.
 */
class TlsTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  @TempDir static Path keys;

  /** Valid for 127.0.0.1, the address the tests dial. */
  private static TlsCerts matching;

  /** Valid only for another name. */
  private static TlsCerts otherHost;

  private final RecordingHandler handler = new RecordingHandler();
  private JettyTestServer server;
  private WebSocketEngine engine;

  @BeforeAll
  static void makeCertificates() throws Exception {
    matching = TlsCerts.generate(keys, "ip:127.0.0.1");
    otherHost = TlsCerts.generate(keys, "dns:other.example.test");
  }

  @AfterEach
  void tearDown() {
    if (engine != null) {
      engine.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  private EngineStartException fails(ConnectOptions options) {
    engine = Engines.builder(server.uri("/echo"), handler).connectOptions(options).build();
    EngineStartException e = assertThrows(EngineStartException.class, engine::start);
    assertThat(handler.events()).isEmpty();
    assertThat(e)
        .hasCauseThat()
        .hasMessageThat()
        .startsWith("TLS handshake with wss://127.0.0.1:" + server.port() + "/echo failed: ");
    Throwable cause = e;
    while (cause != null && !(cause instanceof SSLHandshakeException)) {
      cause = cause.getCause();
    }
    assertThat(cause).isNotNull();
    return e;
  }

  @Test
  void selfSignedCertificateFailsWithTheDefaultTrust() throws Exception {
    server = new JettyTestServer(matching.serverContext());

    EngineStartException e = fails(ConnectOptions.defaults());

    assertThat(e).hasCauseThat().hasMessageThat().contains("PKIX path building failed");
  }

  @Test
  void certificateForAnotherHostFails() throws Exception {
    server = new JettyTestServer(otherHost.serverContext());

    EngineStartException e =
        fails(ConnectOptions.builder().sslContext(otherHost.trustingContext()).build());

    assertThat(e).hasCauseThat().hasMessageThat().contains("127.0.0.1");
  }
}
