package dev.wsengine.testing;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<LoopbackServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    servers.forEach(LoopbackServer::close);
  }

  private LoopbackServer started(LoopbackServer server) {
    servers.add(server);
    return server;
  }

  /** {@code /echo}: sends every text back. */
  @ServerEndpoint("/echo")
  public static final class Echo {
    @OnMessage
    public String text(String text) {
      return text;
    }
  }

  /** {@code /echo} as well: a second endpoint at a path already served. */
  @ServerEndpoint("/echo")
  public static final class OtherEcho {
    @OnMessage
    public String text(String text) {
      return text;
    }
  }

  /** A programmatic endpoint: answers every text in capitals. */
  public static final class Shout extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(
          String.class,
          (MessageHandler.Whole<String>)
              text -> session.getAsyncRemote().sendText(text.toUpperCase(java.util.Locale.ROOT)));
    }
  }

  /** Not an endpoint: no {@code @ServerEndpoint}. */
  public static final class NotAnEndpoint {}

  @Test
  void servesAnnotatedEndpointOnLoopbackAndAFreePort() throws Exception {
    LoopbackServer server = started(LoopbackServer.start(Echo.class));

    assertThat(server.port()).isGreaterThan(0);
    assertThat(server.uri("/echo"))
        .isEqualTo(URI.create("ws://127.0.0.1:" + server.port() + "/echo"));
    try (Client client = connect(server.uri("/echo"))) {
      client.send("hello");
      assertThat(client.next()).isEqualTo("hello");
    }
  }

  @Test
  void servesProgrammaticAndAnnotatedEndpointsTogether() throws Exception {
    LoopbackServer server =
        started(
            LoopbackServer.builder()
                .endpoint(Echo.class)
                .endpoint(ServerEndpointConfig.Builder.create(Shout.class, "/shout").build())
                .start());

    try (Client echo = connect(server.uri("/echo"));
        Client shout = connect(server.uri("/shout"))) {
      echo.send("hi");
      shout.send("hi");
      assertThat(echo.next()).isEqualTo("hi");
      assertThat(shout.next()).isEqualTo("HI");
    }
  }

  @Test
  void eachServerHasAPortOfItsOwn() {
    LoopbackServer first = started(LoopbackServer.start(Echo.class));
    LoopbackServer second = started(LoopbackServer.start(Echo.class));

    assertThat(first.port()).isNotEqualTo(second.port());
  }

  @Test
  void withoutEndpointsEveryHandshakeIs404() throws Exception {
    LoopbackServer server = started(LoopbackServer.start());

    try (Client client = Client.open(server.uri("/echo"))) {
      assertThat(client.status).isEqualTo("HTTP/1.1 404 Not Found");
    }
  }

  @Test
  void listensOnTheLoopbackAddressOnly() throws Exception {
    LoopbackServer server = started(LoopbackServer.start(Echo.class));

    // The whole of 127.0.0.0/8 reaches this machine (on Linux): a server bound to every interface
    // would accept on 127.0.0.2 as well.
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), (int) WAIT.toMillis());
    }
    try (Socket socket = new Socket()) {
      assertThrows(
          ConnectException.class,
          () ->
              socket.connect(
                  new InetSocketAddress("127.0.0.2", server.port()), (int) WAIT.toMillis()));
    }
  }

  @Test
  void bindAddressAndFixedPortAreHonoured() throws Exception {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      free = probe.getLocalPort();
    }
    LoopbackServer server =
        started(
            LoopbackServer.builder()
                .endpoint(Echo.class)
                .bindAddress(InetAddress.getByName("127.0.0.2"))
                .port(free)
                .start());

    assertThat(server.port()).isEqualTo(free);
    assertThat(server.uri("/echo")).isEqualTo(URI.create("ws://127.0.0.2:" + free + "/echo"));
    try (Client client = connect(server.uri("/echo"))) {
      client.send("there");
      assertThat(client.next()).isEqualTo("there");
    }
  }

  @Test
  void stopDropsConnectionsAndRestartServesTheSamePortAgain() throws Exception {
    LoopbackServer server = started(LoopbackServer.start(Echo.class));
    URI uri = server.uri("/echo");
    try (Client before = connect(uri)) {
      server.stop();
      before.awaitEnd();
    }
    assertThrows(ConnectException.class, () -> connect(uri));
    assertThat(server.toString()).endsWith("(stopped)");
    server.stop(); // stopped already: nothing happens

    server.restart();
    assertThat(server.uri("/echo")).isEqualTo(uri);
    assertThat(server.toString()).endsWith("(running)");
    try (Client after = connect(uri)) {
      after.send("back");
      assertThat(after.next()).isEqualTo("back");
    }
  }

  @Test
  void restartOfARunningServerDropsItsConnections() throws Exception {
    LoopbackServer server = started(LoopbackServer.start(Echo.class));
    try (Client before = connect(server.uri("/echo"))) {
      server.restart();

      before.awaitEnd();
    }
    try (Client after = connect(server.uri("/echo"))) {
      after.send("again");
      assertThat(after.next()).isEqualTo("again");
    }
  }

  @Test
  void everyServerThreadIsNamedWithThePrefix_andNoneOutlivesClose() throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    LoopbackServer server = started(LoopbackServer.start(Echo.class));
    try (Client client = connect(server.uri("/echo"))) {
      client.send("busy");
      assertThat(client.next()).isEqualTo("busy");

      List<String> started = new ArrayList<>();
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        if (!before.contains(thread)) {
          started.add(thread.getName()); // the client has no thread: the server started these
        }
      }
      assertThat(started).isNotEmpty();
      for (String name : started) {
        assertThat(name).startsWith(LoopbackServer.THREAD_PREFIX);
      }
      assertThat(ThreadCounts.live(LoopbackServer.THREAD_PREFIX)).isNotEmpty();
      for (Thread thread : ThreadCounts.live(LoopbackServer.THREAD_PREFIX)) {
        assertThat(thread.isDaemon()).isTrue();
      }
    }

    server.close();

    assertThat(ThreadCounts.names(LoopbackServer.THREAD_PREFIX)).isEmpty(); // at once: close waits
  }

  @Test
  void closeIsFinal_andSaysSo() {
    LoopbackServer server = started(LoopbackServer.start(Echo.class));

    server.close();
    server.close(); // closed already: nothing happens
    server.stop();

    IllegalStateException e = assertThrows(IllegalStateException.class, server::restart);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "LoopbackServer ws://127.0.0.1:"
                + server.port()
                + " (closed) is closed; start a new server instead");
    assertThat(ThreadCounts.names(LoopbackServer.THREAD_PREFIX)).isEmpty();
  }

  @Test
  void restartFailsClearlyWhenThePortWasTakenMeanwhile() throws Exception {
    LoopbackServer server = started(LoopbackServer.start(Echo.class));
    server.stop();
    try (ServerSocket thief =
        new ServerSocket(server.port(), 1, InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class, server::restart);
      assertThat(e)
          .hasMessageThat()
          .startsWith("the loopback server could not listen on 127.0.0.1:" + server.port() + ": ");
      assertThat(server.toString()).endsWith("(stopped)");
    }
    assertThat(ThreadCounts.names(LoopbackServer.THREAD_PREFIX)).isEmpty();
    server.restart(); // the port is free again
    try (Client client = connect(server.uri("/echo"))) {
      client.send("free");
      assertThat(client.next()).isEqualTo("free");
    }
  }

  @Test
  void aTakenFixedPortIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LoopbackServer.Builder builder =
          LoopbackServer.builder().endpoint(Echo.class).port(taken.getLocalPort());

      IllegalStateException e = assertThrows(IllegalStateException.class, builder::start);

      assertThat(e)
          .hasMessageThat()
          .startsWith(
              "the loopback server could not listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
      assertThat(e).hasCauseThat().isInstanceOf(IOException.class);
    }
    assertThat(ThreadCounts.names(LoopbackServer.THREAD_PREFIX)).isEmpty();
  }

  @Test
  void classWithoutServerEndpointIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> LoopbackServer.start(NotAnEndpoint.class));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "endpoint dev.wsengine.testing.LoopbackServerTest$NotAnEndpoint is not annotated"
                + " @ServerEndpoint; a programmatic endpoint (a subclass of"
                + " jakarta.websocket.Endpoint) is passed as a ServerEndpointConfig");
  }

  @Test
  void twoEndpointsAtOnePathAreRejectedWithTyrusReasons() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LoopbackServer.start(Echo.class, OtherEcho.class));

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "Tyrus did not accept the endpoints [dev.wsengine.testing.LoopbackServerTest$Echo,"
                + " dev.wsengine.testing.LoopbackServerTest$OtherEcho]: Found equivalent paths."
                + " Added path: '/echo' is equivalent with '/echo'.");
    assertThat(ThreadCounts.names(LoopbackServer.THREAD_PREFIX)).isEmpty();
  }

  @Test
  void portOutOfRangeIsRejected() {
    LoopbackServer.Builder builder = LoopbackServer.builder();

    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> builder.port(-1));
    IllegalArgumentException tooBig =
        assertThrows(IllegalArgumentException.class, () -> builder.port(65536));

    assertThat(negative)
        .hasMessageThat()
        .isEqualTo("port must be between 0 and 65535 (0: a free port); got -1");
    assertThat(tooBig)
        .hasMessageThat()
        .isEqualTo("port must be between 0 and 65535 (0: a free port); got 65536");
  }

  @Test
  void nullsAreRejectedNamingTheParameter() {
    LoopbackServer.Builder builder = LoopbackServer.builder();

    assertThat(assertThrows(NullPointerException.class, () -> builder.endpoint((Class<?>) null)))
        .hasMessageThat()
        .isEqualTo("endpoint");
    assertThat(
            assertThrows(
                NullPointerException.class, () -> builder.endpoint((ServerEndpointConfig) null)))
        .hasMessageThat()
        .isEqualTo("config");
    assertThat(assertThrows(NullPointerException.class, () -> builder.bindAddress(null)))
        .hasMessageThat()
        .isEqualTo("address");
    assertThat(
            assertThrows(NullPointerException.class, () -> LoopbackServer.start((Class<?>[]) null)))
        .hasMessageThat()
        .isEqualTo("endpoints");
  }

  @Test
  void uriRejectsAPathThatIsNotOne() {
    LoopbackServer server = started(LoopbackServer.start(Echo.class));

    assertThat(assertThrows(IllegalArgumentException.class, () -> server.uri("echo")))
        .hasMessageThat()
        .isEqualTo("path must begin with '/'; got 'echo'");
    assertThat(assertThrows(IllegalArgumentException.class, () -> server.uri("/an echo")))
        .hasMessageThat()
        .startsWith("path '/an echo' is not valid in a URI: ");
    assertThat(assertThrows(NullPointerException.class, () -> server.uri(null)))
        .hasMessageThat()
        .isEqualTo("path");
    assertThat(server.uri("/echo?room=1"))
        .isEqualTo(URI.create("ws://127.0.0.1:" + server.port() + "/echo?room=1"));
  }

  private static Client connect(URI uri) throws IOException {
    Client client = Client.open(uri);
    assertThat(client.status).isEqualTo("HTTP/1.1 101 Switching Protocols");
    return client;
  }

  /**
   * A WebSocket client on a plain socket, for texts of up to 125 bytes: it starts no thread, so
   * every thread that appears while it talks is the server's.
   */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** The handshake response's status line. */
    final String status;

    private Client(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
      this.status = readHead().split("\r\n", 2)[0];
    }

    /** Connects and sends the upgrade request; {@link #status} says what the server answered. */
    static Client open(URI uri) throws IOException {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        String request =
            "GET "
                + uri.getRawPath()
                + " HTTP/1.1\r\n"
                + "Host: "
                + uri.getHost()
                + ":"
                + uri.getPort()
                + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return new Client(socket);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }

    private String readHead() throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        head.write(readByte());
      }
      return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one text frame, masked with a zero key. */
    void send(String text) throws IOException {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0});
      out.write(payload);
      out.flush();
    }

    /** The next text frame from the server. */
    String next() throws IOException {
      int opcode = readByte() & 0x0F;
      int length = readByte() & 0x7F;
      byte[] payload = in.readNBytes(length);
      assertThat(opcode).isEqualTo(1);
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** Returns once the server ended the connection; fails if it has not within the wait. */
    void awaitEnd() throws IOException {
      try {
        while (in.read() >= 0) {
          // a close frame, if the server sent one
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server did not end the connection within " + WAIT, e);
      } catch (IOException e) {
        // reset: ended too
      }
    }

    private int readByte() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the server ended the connection");
      }
      return b;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
