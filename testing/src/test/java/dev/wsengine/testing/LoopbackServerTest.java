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
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newHttpClient();
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
  void withoutEndpointsEveryHandshakeIs404() {
    LoopbackServer server = started(LoopbackServer.start());

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> connect(server.uri("/echo")));
    assertThat(e).hasCauseThat().isInstanceOf(WebSocketHandshakeException.class);
    assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
        .isEqualTo(404);
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
    Client before = connect(uri);

    server.stop();
    assertThat(before.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
    ExecutionException refused = assertThrows(ExecutionException.class, () -> connect(uri));
    assertThat(refused).hasCauseThat().isInstanceOf(ConnectException.class);
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
    Client before = connect(server.uri("/echo"));

    server.restart();

    assertThat(before.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
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
        if (!before.contains(thread) && !thread.getName().startsWith("HttpClient-")) {
          started.add(thread.getName()); // the JDK's client aside, the server started these
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

  private Client connect(URI uri) throws Exception {
    Client client = new Client();
    client.socket =
        http.newWebSocketBuilder().buildAsync(uri, client).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return client;
  }

  /** A JDK WebSocket client that queues the texts it receives. */
  private static final class Client implements WebSocket.Listener, AutoCloseable {
    final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();

    /** Completes when the connection ends, however it ends. */
    final CompletableFuture<Object> ended = new CompletableFuture<>();

    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    void send(String text) throws Exception {
      socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    String next() throws InterruptedException {
      String text = texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (text == null) {
        throw new AssertionError("no message within " + WAIT);
      }
      return text;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        texts.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      ended.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ended.complete(error);
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}
