package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Message;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.Compression;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.JettyTestServer;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.DeflateServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * permessage-deflate through the Tyrus transport: negotiated with a Tyrus server (with a deflate
 * extension of the test's own) and with Jetty 12 (its own, on by default), messages of both kinds
 * round-trip whole, large and in fragments, with each parameter; a server that declines opens
 * uncompressed; a server that answers with what was not offered fails the handshake.
 */
class CompressionTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final int LIMIT = 4 << 20;

  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();
  private DeflateServer deflateServer;
  private TestServer server;
  private RawServer raw;
  private TransportConnection connection;

  @AfterEach
  void tearDown() throws Exception {
    if (connection != null) {
      connection.abort();
    }
    if (deflateServer != null) {
      deflateServer.close();
    }
    if (server != null) {
      server.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  static List<Compression> offers() {
    Compression deflate = Compression.permessageDeflate();
    return List.of(
        deflate,
        deflate.withClientNoContextTakeover(),
        deflate.withServerNoContextTakeover(),
        deflate.withClientMaxWindowBits(9),
        deflate.withServerMaxWindowBits(10),
        deflate
            .withClientNoContextTakeover()
            .withServerNoContextTakeover()
            .withClientMaxWindowBits(8)
            .withServerMaxWindowBits(8));
  }

  private static ConnectOptions options(Compression compression) {
    return ConnectOptions.builder()
        .compression(compression)
        .maxTextMessageBytes(LIMIT)
        .maxBinaryMessageBytes(LIMIT)
        .build();
  }

  @ParameterizedTest
  @MethodSource("offers")
  void tyrusServer_negotiatesEachOffer_andMessagesRoundTrip(Compression compression)
      throws Exception {
    deflateServer = new DeflateServer(0);
    connection = transport.connect(deflateServer.uri(), options(compression));

    String answer = connection.handshake().header("Sec-WebSocket-Extensions").orElseThrow();
    assertThat(answer).startsWith("permessage-deflate");
    assertThat(deflateServer.offers).hasSize(1);
    String offered = String.join("; ", deflateServer.offers.get(0));
    assertThat(offered).contains("client_max_window_bits"); // always offered: any window is kept
    if (compression.serverNoContextTakeover()) {
      assertThat(offered).contains("server_no_context_takeover");
    }
    if (compression.clientNoContextTakeover()) {
      assertThat(offered).contains("client_no_context_takeover");
    }
    compression
        .serverMaxWindowBits()
        .ifPresent(bits -> assertThat(offered).contains("server_max_window_bits=" + bits));
    compression
        .clientMaxWindowBits()
        .ifPresent(bits -> assertThat(offered).contains("client_max_window_bits=" + bits));

    roundTrips();
    assertThat(deflateServer.compressedFramesIn.get()).isAtLeast(4);
  }

  @Test
  void tyrusServer_askingForASmallerClientWindow_isHonoured() throws Exception {
    deflateServer = new DeflateServer(9);
    connection = transport.connect(deflateServer.uri(), options(Compression.permessageDeflate()));

    assertThat(connection.handshake().header("Sec-WebSocket-Extensions").orElseThrow())
        .contains("client_max_window_bits=9");
    roundTrips();
  }

  @ParameterizedTest
  @MethodSource("jettyOffers")
  void jettyServer_negotiates_andMessagesRoundTrip(Compression compression) throws Exception {
    server = new JettyTestServer(null);
    connection = transport.connect(server.uri("/echo"), options(compression));

    assertThat(connection.handshake().header("Sec-WebSocket-Extensions").orElseThrow())
        .startsWith("permessage-deflate");
    String text = randomText(70_000) + "x".repeat(300_000);
    connection.sendText(text);
    assertThat(connection.read(WAIT)).isEqualTo(Message.text(text));
    byte[] bytes = DeflateServer.pattern(500_000);
    connection.sendBinary(ByteBuffer.wrap(bytes));
    assertThat(connection.read(WAIT)).isEqualTo(Message.binary(bytes));
    for (int i = 0; i < 5; i++) { // context taken over (or not) across messages
      connection.sendText("again " + i + " " + text.substring(0, 1000));
      assertThat(connection.read(WAIT))
          .isEqualTo(Message.text("again " + i + " " + text.substring(0, 1000)));
    }
    // The kit's Jetty commands: one message in three frames, and one large in one frame.
    connection.sendText("cmd:parts 200000 text");
    assertThat(connection.read(WAIT)).isEqualTo(Message.text(ServerKind.text(200000)));
    connection.sendText("cmd:parts 200000 binary");
    assertThat(connection.read(WAIT)).isEqualTo(Message.binary(ServerKind.bytes(0, 200000)));
    connection.sendText("cmd:whole 1000000 binary");
    assertThat(connection.read(WAIT)).isEqualTo(Message.binary(ServerKind.bytes(0, 1000000)));
  }

  static List<Compression> jettyOffers() {
    Compression deflate = Compression.permessageDeflate();
    return List.of(
        deflate, deflate.withClientNoContextTakeover(), deflate.withServerNoContextTakeover());
  }

  @Test
  void anEngineWithCompression_talksToJetty() throws Exception {
    server = new JettyTestServer(null);
    String text = "{\"price\": 1.25, \"symbol\": \"ABC\"} ".repeat(2000);
    RecordingHandler handler =
        new RecordingHandler().onOpen((info, c, control) -> c.sendText(text));
    WebSocketEngine engine =
        Engines.builder(server.uri("/echo"), handler, transport)
            .connectOptions(
                ConnectOptions.builder()
                    .compression(Compression.permessageDeflate().withClientNoContextTakeover())
                    .build())
            .build();
    try {
      engine.start();

      handler.await("text " + text, WAIT);
      assertThat(
              handler.opens().get(0).handshake().header("Sec-WebSocket-Extensions").orElseThrow())
          .startsWith("permessage-deflate");
    } finally {
      engine.stop();
    }
  }

  @Test
  void aServerThatDeclines_opensUncompressed_andWorks() throws Exception {
    server = ServerKind.TYRUS.start(); // no extension installed: it does not answer the offer
    connection = transport.connect(server.uri("/echo"), options(Compression.permessageDeflate()));

    assertThat(connection.handshake().header("Sec-WebSocket-Extensions")).isEmpty();
    connection.sendText("plain");
    assertThat(connection.read(WAIT)).isEqualTo(Message.text("plain"));
    byte[] bytes = DeflateServer.pattern(100_000);
    connection.sendBinary(ByteBuffer.wrap(bytes));
    assertThat(connection.read(WAIT)).isEqualTo(Message.binary(bytes));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x-webkit-deflate-frame",
        "permessage-deflate, permessage-deflate",
        "permessage-deflate; mystery=1",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover=1",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; client_max_window_bits=010",
        "permessage-deflate; client_max_window_bits=abc",
        "permessage-deflate=1",
      })
  void anAnswerWithWhatWasNotOffered_failsTheHandshakeClearly(String answer) throws Exception {
    raw = new RawServer(c -> c.handshake("Sec-WebSocket-Extensions: " + answer));
    URI uri = raw.uri("/");

    IOException e =
        assertThrows(
            IOException.class,
            () -> transport.connect(uri, options(Compression.permessageDeflate())));

    assertThat(e)
        .hasMessageThat()
        .startsWith("invalid WebSocket handshake response from " + uri + ": ");
    System.out.println(answer + " -> " + e.getMessage());
  }

  @Test
  void anAnswerBeyondTheOfferedWindow_failsNamingBoth() throws Exception {
    raw =
        new RawServer(
            c ->
                c.handshake(
                    "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=12;"
                        + " client_max_window_bits=11"));
    URI uri = raw.uri("/");
    Compression offer =
        Compression.permessageDeflate().withServerMaxWindowBits(12).withClientMaxWindowBits(10);

    IOException e = assertThrows(IOException.class, () -> transport.connect(uri, options(offer)));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "invalid WebSocket handshake response from "
                + uri
                + ": permessage-deflate parameter 'client_max_window_bits=11' exceeds the offered"
                + " 10");
  }

  @Test
  void anAnswerWithoutTheOfferedServerWindow_fails() throws Exception {
    raw = new RawServer(c -> c.handshake("Sec-WebSocket-Extensions: permessage-deflate"));
    URI uri = raw.uri("/");

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                transport.connect(
                    uri, options(Compression.permessageDeflate().withServerMaxWindowBits(10))));

    assertThat(e)
        .hasMessageThat()
        .endsWith(
            "the server accepted permessage-deflate without the offered server_max_window_bits=10");
  }

  @Test
  void anExtensionInTheAnswer_whenCompressionIsOff_failsTheHandshake() throws Exception {
    raw = new RawServer(c -> c.handshake("Sec-WebSocket-Extensions: permessage-deflate"));
    URI uri = raw.uri("/");

    IOException e =
        assertThrows(IOException.class, () -> transport.connect(uri, ConnectOptions.defaults()));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "invalid WebSocket handshake response from "
                + uri
                + ": the server accepted extensions [permessage-deflate] although none was"
                + " offered (compression is off)");
  }

  @Test
  void theOfferIsSentAsConfigured() throws Exception {
    raw = new RawServer(c -> c.handshake());
    Compression offer =
        Compression.permessageDeflate()
            .withClientNoContextTakeover()
            .withServerNoContextTakeover()
            .withClientMaxWindowBits(12)
            .withServerMaxWindowBits(11);

    connection = transport.connect(raw.uri("/"), options(offer));

    assertThat(raw.connections().get(0).requestHeaders().get("sec-websocket-extensions"))
        .isEqualTo(
            "permessage-deflate; client_no_context_takeover; server_no_context_takeover;"
                + " client_max_window_bits=12; server_max_window_bits=11");
  }

  /** Texts and binaries, small, large, repeated and in fragments, both ways. */
  private void roundTrips() throws Exception {
    String small = "hello, compressed world";
    connection.sendText(small);
    assertThat(connection.read(WAIT)).isEqualTo(Message.text(small));
    String large = randomText(50_000) + "abc".repeat(200_000) + "é€😀".repeat(1000);
    connection.sendText(large);
    assertThat(connection.read(WAIT)).isEqualTo(Message.text(large));
    byte[] random = new byte[300_000];
    new Random(7).nextBytes(random);
    connection.sendBinary(ByteBuffer.wrap(random));
    assertThat(connection.read(WAIT)).isEqualTo(Message.binary(random));
    for (int i = 0; i < 5; i++) { // later messages may refer to earlier ones (context takeover)
      byte[] bytes = DeflateServer.pattern(40_000 + i);
      connection.sendBinary(ByteBuffer.wrap(bytes));
      assertThat(connection.read(WAIT)).isEqualTo(Message.binary(bytes));
    }
    connection.sendText("parts 900000 text");
    assertThat(connection.read(WAIT))
        .isEqualTo(
            Message.text(new String(DeflateServer.pattern(900_000), StandardCharsets.US_ASCII)));
    connection.sendText("parts 900000 binary");
    assertThat(connection.read(WAIT)).isEqualTo(Message.binary(DeflateServer.pattern(900_000)));
    connection.sendBinary(ByteBuffer.allocate(0));
    assertThat(connection.read(WAIT)).isEqualTo(Message.binary(new byte[0]));
    connection.sendText("");
    assertThat(connection.read(WAIT)).isEqualTo(Message.text(""));
  }

  private static String randomText(int length) {
    Random random = new Random(length);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) (' ' + random.nextInt(95)));
    }
    return s.toString();
  }
}
