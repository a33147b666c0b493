package dev.wsengine.testing.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.HandshakeException;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss: the transport under test against Jetty's server ({@link JettyTestServer}) with certificates
 * {@link TlsCerts} makes at run time. A context that trusts the server's self-signed certificate
 * works; the JDK's default trust refuses it; a certificate for another host is refused unless host
 * name verification is turned off, which still checks the chain. A refusal is an {@link
 * IOException} (not a {@link HandshakeException}: no HTTP status came) with an {@link SSLException}
 * among its causes, whose message names the URI with its secrets redacted.
 *
 * <p>Mutual TLS: against a server that requires a client certificate, a context holding the
 * client's key connects; without a client certificate, or with one the server does not trust, the
 * connect fails the same way.
 *
 * <p>A subclass provides {@link #transport()} only, as for {@link TransportContract}. <b>Class
 * path</b>: JUnit 5 and {@code jetty-websocket-jetty-server}; {@code keytool} of the running JDK
 * makes the keys, once per class (a second or two).
 */
public abstract class TlsContract extends ContractSupport {
  /** Where the key stores go; JUnit deletes it after the class. */
  @TempDir static Path keys;

  /** Valid for 127.0.0.1, the address the tests dial. */
  private static TlsCerts matching;

  /** Valid only for another name. */
  private static TlsCerts otherHost;

  /** The client's certificate for mutual TLS. */
  private static TlsCerts client;

  /** A client certificate the server does not trust. */
  private static TlsCerts stranger;

  protected TlsContract() {}

  @BeforeAll
  static void makeCertificates() throws Exception {
    matching = TlsCerts.generate(keys, "ip:127.0.0.1");
    otherHost = TlsCerts.generate(keys, "dns:other.example.test");
    client = TlsCerts.generate(keys, "dns:client.example.test");
    stranger = TlsCerts.generate(keys, "dns:stranger.example.test");
  }

  /** A server that presents {@link #matching} and requires a client certificate {@link #client}. */
  private JettyTestServer requiringClientCertificate() throws Exception {
    return closedAfterTheTest(new JettyTestServer(matching.serverContextTrusting(client), true));
  }

  private JettyTestServer serving(TlsCerts certificate) throws Exception {
    return closedAfterTheTest(new JettyTestServer(certificate.serverContext()));
  }

  private void echoes(JettyTestServer server, ConnectOptions options) throws Exception {
    TransportConnection connection = connect(server.uri("/echo"), options);
    connection.sendText("over tls");
    assertEquals("over tls", connection.read(WAIT).text());
  }

  /** Fails to connect; checks the failure's type, cause and message. */
  private void refused(JettyTestServer server, ConnectOptions options) {
    URI uri = URI.create(server.uri("/echo").toString() + "?token=s3cr3t-value");
    IOException failed = assertThrows(IOException.class, () -> connect(uri, options));
    assertFalse(failed instanceof HandshakeException, "no HTTP status came: " + failed);
    assertTrue(causedBy(failed, SSLException.class), "no SSLException among the causes");
    String message = String.valueOf(failed.getMessage());
    assertTrue(message.contains("127.0.0.1:" + server.port() + "/echo"), message);
    TransportContract.assertNoSecret(failed, "s3cr3t-value");
  }

  @Test
  void aContextThatTrustsTheCertificateConnects() throws Exception {
    JettyTestServer server = serving(matching);

    echoes(server, ConnectOptions.builder().sslContext(matching.trustingContext()).build());
  }

  @Test
  void theDefaultTrustRefusesASelfSignedCertificate() throws Exception {
    refused(serving(matching), ConnectOptions.defaults());
  }

  @Test
  void aCertificateForAnotherHostIsRefused() throws Exception {
    refused(
        serving(otherHost),
        ConnectOptions.builder().sslContext(otherHost.trustingContext()).build());
  }

  @Test
  void aCertificateForAnotherHostConnectsWithHostNameVerificationOff() throws Exception {
    echoes(
        serving(otherHost),
        ConnectOptions.builder()
            .sslContext(otherHost.trustingContext())
            .disableHostnameVerificationDangerously()
            .build());
  }

  @Test
  void withHostNameVerificationOffTheChainIsStillChecked() throws Exception {
    refused(
        serving(otherHost),
        ConnectOptions.builder()
            .sslContext(matching.trustingContext())
            .disableHostnameVerificationDangerously()
            .build());
  }

  @Test
  void aClientCertificateTheServerRequiresIsPresented() throws Exception {
    echoes(
        requiringClientCertificate(),
        ConnectOptions.builder().sslContext(client.clientContext(matching)).build());
  }

  @Test
  void withoutAClientCertificateAServerThatRequiresOneRefuses() throws Exception {
    refused(
        requiringClientCertificate(),
        ConnectOptions.builder().sslContext(matching.trustingContext()).build());
  }

  @Test
  void aClientCertificateTheServerDoesNotTrustIsRefused() throws Exception {
    refused(
        requiringClientCertificate(),
        ConnectOptions.builder().sslContext(stranger.clientContext(matching)).build());
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
