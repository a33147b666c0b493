package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.HandshakeException;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How a failed connect's Tyrus exception reads, for the shapes the end-to-end tests cannot make on
 * demand: Tyrus's own handshake timeout firing a hair before ours, an unknown host (Grizzly reports
 * an unresolvable host as {@code UnresolvedAddressException} instead), failures of no kind the
 * translation knows, and a proxy refusing the tunnel with a status other than 407 (407 runs end to
 * end in the kit's ProxyContract).
 */
class ConnectFailuresTest {
  private static final URI URI_WITH_SECRET =
      URI.create("ws://127.0.0.1:9/feed?token=tok-translate");
  private static final String SHOWN = "ws://127.0.0.1:9/feed?token=REDACTED";

  @Test
  void tyrusOwnHandshakeTimeoutReadsAsOurs() {
    DeploymentException tyrus = new DeploymentException("Handshake response not received.");

    IOException e = ConnectFailures.translate(URI_WITH_SECRET, Duration.ofSeconds(5), tyrus);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(ConnectFailures.timedOut(URI_WITH_SECRET, Duration.ofSeconds(5)).getMessage());
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("opening " + SHOWN + " took longer than the handshake timeout PT5S");
    assertThat(e).hasCauseThat().isSameInstanceAs(tyrus);
  }

  @Test
  void failureOfNoKnownKindNamesItselfAndItsRootCause() {
    // A proxy's refusal was the example here until the translation learnt it (below).
    DeploymentException tyrus =
        new DeploymentException("Handshake error.", new IOException("Something else went wrong"));

    IOException e = ConnectFailures.translate(URI_WITH_SECRET, Duration.ofSeconds(5), tyrus);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "could not open "
                + SHOWN
                + ": jakarta.websocket.DeploymentException: Handshake error."
                + " (java.io.IOException: Something else went wrong)");
    assertThat(e).hasCauseThat().isSameInstanceAs(tyrus);
  }

  @Test
  void aProxyRefusingTheTunnelIsAHandshakeExceptionWithItsStatus() {
    // What Tyrus 2.2 throws when an HTTP proxy answers CONNECT with other than 200.
    DeploymentException tyrus =
        new DeploymentException("Handshake error.", new IOException("Proxy error. 403: Forbidden"));

    IOException e = ConnectFailures.translate(URI_WITH_SECRET, Duration.ofSeconds(5), tyrus);

    assertThat(e).isInstanceOf(HandshakeException.class);
    assertThat(((HandshakeException) e).status()).isEqualTo(403);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "server refused the WebSocket handshake with HTTP status 403: the HTTP proxy refused"
                + " the CONNECT tunnel to "
                + SHOWN
                + " (403 Forbidden)");
    assertThat(e).hasCauseThat().isSameInstanceAs(tyrus);
  }

  @Test
  void aProxyAsking407ForCredentialsNamesTheOption() {
    DeploymentException tyrus =
        new DeploymentException(
            "Handshake error.", new IOException("Proxy error. 407: Proxy Authentication Required"));

    IOException e = ConnectFailures.translate(URI_WITH_SECRET, Duration.ofSeconds(5), tyrus);

    assertThat(((HandshakeException) e).status()).isEqualTo(407);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "server refused the WebSocket handshake with HTTP status 407: the HTTP proxy refused"
                + " the CONNECT tunnel to "
                + SHOWN
                + " (407 Proxy Authentication Required): proxy credentials missing or wrong"
                + " (ConnectOptions.Builder.proxyCredentials)");
  }

  @Test
  void unknownHostAnywhereInTheChainIsSaidSo() {
    DeploymentException tyrus =
        new DeploymentException("Connection failed.", new UnknownHostException("feeds.invalid"));

    IOException e =
        ConnectFailures.translate(
            URI.create("ws://feeds.invalid/?token=tok-translate"), Duration.ofSeconds(5), tyrus);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo("unknown host in ws://feeds.invalid/?token=REDACTED: feeds.invalid");
    assertThat(e).hasCauseThat().isSameInstanceAs(tyrus);
  }

  @Test
  void failureOfNoKnownKindWithoutACauseNamesItselfOnce() {
    DeploymentException tyrus = new DeploymentException("Connection failed.");

    IOException e = ConnectFailures.translate(URI_WITH_SECRET, Duration.ofSeconds(5), tyrus);

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "could not open "
                + SHOWN
                + ": jakarta.websocket.DeploymentException: Connection failed.");
  }
}
