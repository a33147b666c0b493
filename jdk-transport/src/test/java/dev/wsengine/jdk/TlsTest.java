package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.transport.JettyTestServer;
import dev.wsengine.testing.transport.TlsCerts;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the JDK transport says when TLS fails. What it does over wss (trust, host name verification
 * and turning it off) is the kit's contract: {@link JdkTlsContractTest}.
 */
class TlsTest {
  @TempDir Path keys;

  @Test
  void aRefusedCertificateFailsNamingTheTlsHandshakeAndTheUri() throws Exception {
    TlsCerts selfSigned = TlsCerts.generate(keys, "ip:127.0.0.1");
    JettyTestServer server = new JettyTestServer(selfSigned.serverContext());
    try {
      IOException failed =
          assertThrows(
              IOException.class,
              () ->
                  JdkTransport.builder()
                      .noKeepalive()
                      .build()
                      .connect(server.uri("/echo"), ConnectOptions.defaults()));

      assertThat(failed)
          .hasMessageThat()
          .startsWith("TLS handshake with " + server.uri("/echo") + " failed: ");
      Throwable cause = failed;
      while (cause != null && !(cause instanceof SSLHandshakeException)) {
        cause = cause.getCause();
      }
      assertThat(cause).isNotNull();
    } finally {
      server.close();
    }
  }
}
