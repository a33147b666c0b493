package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.spi.ConnectOptions;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The log filter's view of proxy credentials: while a connect with them is registered, the {@code
 * Proxy-Authorization} value is replaced on its header line, and the password and the base64 token
 * wherever they stand. (End to end, {@code TyrusProxyCredentialsLogTest}.)
 */
class ProxySecretsRedactionTest {
  private static final URI URI = java.net.URI.create("ws://127.0.0.1:9/feed");
  private static final String PASSWORD = "pw-Q7x9pr0xy";
  private static final String TOKEN =
      Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

  @Test
  void theHeaderValueThePasswordAndTheTokenAreRedacted() {
    ConnectOptions options =
        ConnectOptions.builder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", 3128)))
            .proxyCredentials("alice", PASSWORD.toCharArray())
            .header("X-Other", "v")
            .build();

    try (LogRedaction.Registration registration =
        LogRedaction.register(URI, URI, TyrusTransport.withProxySecrets(options))) {
      assertThat(
              LogRedaction.redact("> CONNECT 127.0.0.1:9\n> Proxy-Authorization: Basic " + TOKEN))
          .isEqualTo("> CONNECT 127.0.0.1:9\n> Proxy-Authorization: REDACTED");
      assertThat(LogRedaction.redact("token " + TOKEN + " and password " + PASSWORD))
          .isEqualTo("token REDACTED and password REDACTED");
      assertThat(LogRedaction.redact("> X-Other: v")).isEqualTo("> X-Other: REDACTED");
    }
  }

  @Test
  void withoutCredentialsTheHeadersAreTheOptions() {
    ConnectOptions options = ConnectOptions.builder().header("X-Other", "v").build();

    assertThat(TyrusTransport.withProxySecrets(options)).isSameInstanceAs(options.headers());
  }
}
