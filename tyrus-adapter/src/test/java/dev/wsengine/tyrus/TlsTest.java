package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
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
 * wss against Jetty with certificates made at run time: the JDK's default trust refuses a
 * self-signed certificate, a supplied context that trusts it works, and the certificate must match
 * the host unless the option that says "dangerously" is used.
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

  private void echoes(ConnectOptions options) throws Exception {
    handler.onOpen((info, c, control) -> c.sendText("over tls"));
    engine = Engines.builder(server.uri("/echo"), handler).connectOptions(options).build();
    engine.start();
    handler.await("text over tls", WAIT);
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
  void suppliedSslContextThatTrustsTheCertificateWorks() throws Exception {
    server = new JettyTestServer(matching.serverContext());

    echoes(ConnectOptions.builder().sslContext(matching.trustingContext()).build());
  }

  @Test
  void certificateForAnotherHostFails() throws Exception {
    server = new JettyTestServer(otherHost.serverContext());

    EngineStartException e =
        fails(ConnectOptions.builder().sslContext(otherHost.trustingContext()).build());

    assertThat(e).hasCauseThat().hasMessageThat().contains("127.0.0.1");
  }

  @Test
  void certificateForAnotherHostWorksOnlyWithVerificationDisabled() throws Exception {
    server = new JettyTestServer(otherHost.serverContext());

    echoes(
        ConnectOptions.builder()
            .sslContext(otherHost.trustingContext())
            .disableHostnameVerificationDangerously()
            .build());
  }

  @Test
  void trustingOneCertificateDoesNotTrustAnother() throws Exception {
    server = new JettyTestServer(otherHost.serverContext());

    fails(
        ConnectOptions.builder()
            .sslContext(matching.trustingContext())
            .disableHostnameVerificationDangerously()
            .build());
  }
}
