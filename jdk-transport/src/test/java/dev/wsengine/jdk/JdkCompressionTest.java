package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.Compression;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.transport.RawServer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JDK's WebSocket negotiates no extensions: asking it for compression fails at once. */
class JdkCompressionTest {
  @Test
  void compressionIsRefusedBeforeDialling_namingTheOptionAndTheAlternative() throws Exception {
    try (RawServer server = new RawServer(connection -> connection.handshake())) {
      ConnectOptions options =
          ConnectOptions.builder()
              .compression(Compression.permessageDeflate().withServerNoContextTakeover())
              .build();
      URI uri = server.uri("/");

      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> new JdkTransport().connect(uri, options));

      assertThat(e)
          .hasMessageThat()
          .isEqualTo(
              "ConnectOptions.compression is permessage-deflate; server_no_context_takeover, but"
                  + " the JDK transport cannot compress (java.net.http.WebSocket negotiates no"
                  + " extensions): use Compression.none(), or the Tyrus transport (wsengine-tyrus)"
                  + " for permessage-deflate");
      assertThat(server.connections()).isEmpty();
    }
  }

  @Test
  void noCompression_connectsAsBefore() throws Exception {
    try (RawServer server = new RawServer(connection -> connection.handshake())) {
      ConnectOptions options =
          ConnectOptions.builder()
              .compression(Compression.none())
              .handshakeTimeout(Duration.ofSeconds(10))
              .build();

      new JdkTransport().connect(server.uri("/"), options).abort();
    }
  }
}
