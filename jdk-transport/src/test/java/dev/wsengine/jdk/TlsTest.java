package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss against a raw TLS server with certificates made at run time: the default trust refuses a
 * self-signed certificate, a supplied context that trusts it works, and the certificate must match
 * the host.
 */
class TlsTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path keys;

  private static TlsCerts matching;
  private static TlsCerts otherHost;

  private final JdkTransport transport = JdkTransport.builder().noKeepalive().build();

  @BeforeAll
  static void makeCertificates() throws Exception {
    matching = TlsCerts.generate(keys, "ip:127.0.0.1");
    otherHost = TlsCerts.generate(keys, "dns:other.example.test");
  }

  @Test
  void suppliedSslContextThatTrustsTheCertificateWorks() throws Exception {
    try (SilentServer server =
        new SilentServer(SilentServer.Mode.GREET, matching.serverContext())) {
      TransportConnection connection =
          transport.connect(
              server.uri(),
              ConnectOptions.builder().sslContext(matching.trustingContext()).build());
      assertThat(connection.read(WAIT).text()).isEqualTo("hi");
      connection.abort();
    }
  }

  @Test
  void selfSignedCertificateFailsWithTheDefaultTrust() throws Exception {
    try (SilentServer server =
        new SilentServer(SilentServer.Mode.GREET, matching.serverContext())) {
      IOException failed =
          assertThrows(
              IOException.class, () -> transport.connect(server.uri(), ConnectOptions.defaults()));
      assertThat(failed).hasMessageThat().startsWith("TLS handshake with " + server.uri());
      assertThat(causes(failed, SSLHandshakeException.class)).isTrue();
    }
  }

  @Test
  void certificateForAnotherHostFails() throws Exception {
    try (SilentServer server =
        new SilentServer(SilentServer.Mode.GREET, otherHost.serverContext())) {
      IOException failed =
          assertThrows(
              IOException.class,
              () ->
                  transport.connect(
                      server.uri(),
                      ConnectOptions.builder().sslContext(otherHost.trustingContext()).build()));
      assertThat(failed).hasMessageThat().startsWith("TLS handshake with " + server.uri());
    }
  }

  @Test
  void certificateForAnotherHostWorksOnlyWithVerificationDisabled() throws Exception {
    try (SilentServer server =
        new SilentServer(SilentServer.Mode.GREET, otherHost.serverContext())) {
      TransportConnection connection =
          transport.connect(
              server.uri(),
              ConnectOptions.builder()
                  .sslContext(otherHost.trustingContext())
                  .disableHostnameVerificationDangerously()
                  .build());
      assertThat(connection.read(WAIT).text()).isEqualTo("hi");
      connection.abort();
    }
  }

  @Test
  void trustingOneCertificateDoesNotTrustAnotherWithVerificationDisabled() throws Exception {
    try (SilentServer server =
        new SilentServer(SilentServer.Mode.GREET, otherHost.serverContext())) {
      IOException failed =
          assertThrows(
              IOException.class,
              () ->
                  transport.connect(
                      server.uri(),
                      ConnectOptions.builder()
                          .sslContext(matching.trustingContext())
                          .disableHostnameVerificationDangerously()
                          .build()));
      assertThat(failed).hasMessageThat().startsWith("TLS handshake with " + server.uri());
    }
  }

  private static boolean causes(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
