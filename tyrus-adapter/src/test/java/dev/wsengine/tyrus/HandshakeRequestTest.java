package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawConnection;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The upgrade request as it goes on the wire: the request line and header lines a raw server on
 * 127.0.0.1 reads byte for byte, and what the real Tyrus and Jetty servers make of them.
 */
class HandshakeRequestTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();
  private RawServer raw;
  private TestServer server;
  private TransportConnection connection;

  @AfterEach
  void tearDown() throws Exception {
    if (connection != null) {
      connection.abort();
    }
    if (raw != null) {
      raw.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private RawServer rawServer() throws Exception {
    raw =
        new RawServer(
            c -> {
              c.handshake();
              c.drainUntilClosed();
            });
    return raw;
  }

  /** Connects to the raw server and returns what it read. */
  private RawConnection request(URI uri, ConnectOptions options) throws Exception {
    connection = transport.connect(uri, options);
    return raw.awaitConnection(1, WAIT);
  }

  private URI rawUri(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + raw.port() + pathAndQuery);
  }

  @Test
  void percentEncodedPathIsSentAsTheUserEncodedIt() throws Exception {
    rawServer();
    URI uri = rawUri("/inject%0d%0aX-Injected:%20p/a%2Fb%3Fc%25d");

    RawConnection received = request(uri, ConnectOptions.defaults());

    assertThat(received.requestLine())
        .isEqualTo("GET /inject%0d%0aX-Injected:%20p/a%2Fb%3Fc%25d HTTP/1.1");
    assertThat(received.requestHeaders()).doesNotContainKey("x-injected");
    assertThat(connection.handshake().uri()).isEqualTo(uri);
  }

  @Test
  void percentEncodedQueryIsSentAsTheUserEncodedIt() throws Exception {
    rawServer();
    URI uri = rawUri("/q?x=%41&y=%2541&z=a%20b&n=%0d%0a");

    RawConnection received = request(uri, ConnectOptions.defaults());

    assertThat(received.requestLine()).isEqualTo("GET /q?x=%41&y=%2541&z=a%20b&n=%0d%0a HTTP/1.1");
    assertThat(connection.handshake().uri()).isEqualTo(uri);
  }

  @Test
  void nonAsciiPathAndQueryAreSentAsPercentEncodedUtf8() throws Exception {
    rawServer();
    // The multi-argument constructors keep é, č and € as they are and quote U+2028 and U+0085.
    // č is U+010D: cut to its low byte it would be a CR.
    URI uri = new URI("ws", null, "127.0.0.1", raw.port(), "/é/č/\u2028/\u0085", "q=€\r\n", null);

    RawConnection received = request(uri, ConnectOptions.defaults());

    assertThat(received.requestLine())
        .isEqualTo("GET /%C3%A9/%C4%8D/%E2%80%A8/%C2%85?q=%E2%82%AC%0D%0A HTTP/1.1");
    assertThat(connection.handshake().uri()).isEqualTo(uri);
  }

  @Test
  void uriThatCannotBeSentIsRefusedBeforeDialling() throws Exception {
    rawServer();
    URI uri =
        new URI("ws", "//127.0.0.1:" + raw.port() + "/a\uD800b", null); // an unpaired surrogate

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> transport.connect(uri, ConnectOptions.defaults()));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "uri path must be valid UTF-16; it has the unpaired surrogate U+D800 at index 2");
    assertThat(raw.connections()).isEmpty();
  }

  @Test
  void emptyPathIsSentAsSlash() throws Exception {
    rawServer();

    RawConnection received = request(rawUri("?x=1"), ConnectOptions.defaults());

    assertThat(received.requestLine()).isEqualTo("GET /?x=1 HTTP/1.1");
  }

  @Test
  void repeatedHeaderNameSendsEveryValue() throws Exception {
    rawServer();
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-Dup", "one")
            .header("x-dup", "two")
            .header("X-DUP", "3, 4")
            .build();

    RawConnection received = request(rawUri("/"), options);

    assertThat(valuesOf(received, "x-dup")).containsExactly("one", "two", "3", "4").inOrder();
  }

  @Test
  void repeatedHeaderWithAnEmptyValueKeepsItsPlaceInTheList() throws Exception {
    rawServer();
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-Empty", "")
            .header("X-Empty", "b")
            .header("X-Last", "a")
            .header("X-Last", "")
            .build();

    RawConnection received = request(rawUri("/"), options);

    assertThat(received.requestHeaderLines()).containsAtLeast("X-Empty: , b", "X-Last: a, ");
  }

  @Test
  void headerValuesOfVisibleAsciiSpaceAndTabArriveByteForByte() throws Exception {
    rawServer();
    String value = "a\tb c!~\"(),/:;<=>?@[\\]{}";

    RawConnection received =
        request(rawUri("/"), ConnectOptions.builder().header("X-Ascii", value).build());

    assertThat(received.requestHeaderLines()).contains("X-Ascii: " + value);
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void repeatedHeaderNameInAnotherCaseReachesRealServersWithEveryValue(ServerKind kind)
      throws Exception {
    server = kind.start();
    ConnectOptions options =
        ConnectOptions.builder().header("X-Dup", "one").header("x-dup", "two").build();

    connection = transport.connect(server.uri("/echo"), options);

    assertThat(ServerEvents.await("header x-dup", WAIT)).matches("header x-dup=one, ?two");
  }

  /**
   * The values of every line with this name, split at commas as RFC 9110 section 5.3 reads them.
   */
  private static List<String> valuesOf(RawConnection received, String name) {
    List<String> values = new ArrayList<>();
    for (String line : received.requestHeaderLines()) {
      int colon = line.indexOf(':');
      if (line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
        for (String value : line.substring(colon + 1).split(",")) {
          values.add(value.trim());
        }
      }
    }
    return values;
  }
}
