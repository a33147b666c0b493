package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ConnectProxy;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.LogCapture;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Tyrus logs about a connect, with every logger at ALL (Tyrus logs the URI at CONFIG and FINE,
 * the whole upgrade request at FINE): the URI's user info and query values never appear, header
 * values are replaced where they stand as values, and nothing else in a record is altered. Raw
 * servers, which log nothing: an in-process Tyrus server would log what it receives.
 */
class TyrusLogRedactionTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final String PASSWORD = "pw-Q7x9s3cr3t";
  private static final String TOKEN = "tok-Q7x9s3cr3t";
  private static final String SIGNATURE = "sig-Q7x9s3cr3t";
  private static final String USER_INFO = "alice:" + PASSWORD;
  private static final String QUERY = "?token=" + TOKEN + "&sig=" + SIGNATURE + "&flag";
  private static final String REDACTED_QUERY = "?token=REDACTED&sig=REDACTED&flag";
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

  private final RecordingHandler handler = new RecordingHandler();
  private final List<AutoCloseable> servers = new java.util.ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  @Test
  void uriUserInfoAndQueryValuesNeverReachTyrusLogs() throws Exception {
    RawServer accepting =
        server(
            c -> {
              c.handshake();
              c.readInBackground();
            });
    RawServer unauthorized = server(c -> c.refuse("401 Unauthorized", "WWW-Authenticate: Bearer"));
    RawServer missing = server(c -> c.refuse("404 Not Found"));
    RawServer silent = server(c -> c.drainUntilClosed());
    ConnectProxy proxy = new ConnectProxy();
    servers.add(proxy);
    ConnectOptions direct = ConnectOptions.builder().handshakeTimeout(HANDSHAKE_TIMEOUT).build();
    ConnectOptions viaProxy =
        ConnectOptions.builder()
            .handshakeTimeout(HANDSHAKE_TIMEOUT)
            .proxy(ProxySelector.of(proxy.address()))
            .build();
    StringBuilder failures = new StringBuilder();
    String logged;
    try (LogCapture capture = LogCapture.everything()) {
      for (ConnectOptions options : List.of(direct, viaProxy)) {
        WebSocketEngine engine =
            Engines.builder(secretUri(accepting.port()), handler).connectOptions(options).build();
        engine.start();
        engine.stop();
      }
      failures.append(startFailure(secretUri(unauthorized.port()), direct));
      failures.append(startFailure(secretUri(missing.port()), direct));
      failures.append(startFailure(secretUri(1), direct)); // nothing listening
      failures.append(
          startFailure(secretUri(unauthorized.port()), viaProxy)); // refused through the tunnel
      // Gives up on a server that never answers: Tyrus's records of that attempt may come late.
      failures.append(
          startFailure(
              secretUri(silent.port()),
              ConnectOptions.builder().handshakeTimeout(Duration.ofMillis(300)).build()));
      // Tyrus logs each request when the attempt ends, on its own thread: once per server that
      // answered (the refused port gets no request, the silent server no answer).
      Await.until(
          () -> requestDumps(capture.text()) >= 5,
          HANDSHAKE_TIMEOUT.multipliedBy(2),
          () ->
              "Tyrus's five handshake requests in the log; found " + requestDumps(capture.text()));
      logged = capture.text();
    }

    for (String secret : List.of(PASSWORD, TOKEN, SIGNATURE)) {
      assertThat(logged).doesNotContain(secret);
      assertThat(failures.toString()).doesNotContain(secret);
    }
    // Tyrus did log the URI, redacted by the rule the spans use; it is never given the user info.
    String redacted = "ws://127.0.0.1:" + accepting.port() + "/feed" + REDACTED_QUERY;
    assertThat(logged).contains("Connecting to '" + redacted + "' (no proxy)");
    assertThat(logged).contains("Connecting to '" + redacted + "' via proxy");
    assertThat(logged).contains("GET " + redacted);
    assertThat(logged)
        .contains("Connection to 'ws://127.0.0.1:1/feed" + REDACTED_QUERY + "' failed");
    assertThat(logged).doesNotContain("alice");
    // Our own messages show the user's URI, redacted by the same rule.
    assertThat(failures.toString())
        .contains("ws://REDACTED@127.0.0.1:" + unauthorized.port() + "/feed" + REDACTED_QUERY);
    assertThat(failures.toString()).contains("HTTP status 401");
    assertThat(failures.toString()).contains("HTTP status 404");
  }

  @Test
  void percentEncodedUriSecretsNeverReachTyrusLogsInAnySpelling() throws Exception {
    // The transport hands Tyrus the path and query with every '%' escaped as %25, so that Tyrus
    // sends them as written: the URI Tyrus logs is spelled differently from the user's.
    RawServer accepting =
        server(
            c -> {
              c.handshake();
              c.readInBackground();
            });
    URI uri =
        URI.create(
            "ws://alice:pw%2F"
                + PASSWORD
                + "@127.0.0.1:"
                + accepting.port()
                + "/f%20eed?token=a%2B"
                + TOKEN
                + "&flag");
    String logged;
    try (LogCapture capture = LogCapture.everything()) {
      WebSocketEngine engine =
          Engines.builder(uri, handler)
              .connectOptions(ConnectOptions.builder().handshakeTimeout(HANDSHAKE_TIMEOUT).build())
              .build();
      engine.start();
      engine.stop();
      Await.until(
          () -> requestDumps(capture.text()) >= 1,
          HANDSHAKE_TIMEOUT,
          () -> "Tyrus's handshake request in the log");
      logged = capture.text();
    }

    assertThat(logged).doesNotContain(PASSWORD);
    assertThat(logged).doesNotContain(TOKEN);
    // Tyrus's spelling of the URI, with the path escaped for it, and the user info left out.
    assertThat(logged)
        .contains("> GET ws://127.0.0.1:" + accepting.port() + "/f%2520eed?token=REDACTED&flag");
  }

  @Test
  void shortHeaderValuesDoNotGarbleOtherText() throws Exception {
    RawServer accepting =
        server(
            c -> {
              c.handshake();
              c.readInBackground();
            });
    ConnectOptions options =
        ConnectOptions.builder()
            .header("X-One", "1")
            .header("X-Two", "2")
            .header("X-Seven", "7")
            .handshakeTimeout(HANDSHAKE_TIMEOUT)
            .build();
    String logged;
    try (LogCapture capture = LogCapture.everything()) {
      WebSocketEngine engine =
          Engines.builder(accepting.uri("/feed"), handler).connectOptions(options).build();
      engine.start();
      engine.stop();
      logged = capture.text();
    }

    // The request dump is intact but for the values...
    String port = String.valueOf(accepting.port());
    assertThat(logged).contains("> GET ws://127.0.0.1:" + port + "/feed\n");
    assertThat(logged).contains("> Host: 127.0.0.1:" + port + "\n");
    assertThat(logged).contains("> Origin: http://127.0.0.1:" + port + "\n");
    assertThat(logged).contains("> Sec-WebSocket-Version: 13\n");
    assertThat(logged).contains("< 101\n");
    // ...and so are Tyrus's session ids and timings, which hold 1s, 2s and 7s.
    Matcher session = Pattern.compile("Session ([^ ]+) \\[([^\\]]*) ms\\]").matcher(logged);
    int sessions = 0;
    while (session.find()) {
      sessions++;
      assertThat(session.group(1))
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(session.group(2)).matches("[0-9]+");
    }
    assertThat(sessions).isAtLeast(3);
    // The values themselves are replaced where they stand.
    assertThat(logged).contains("> X-One: REDACTED\n");
    assertThat(logged).contains("> X-Two: REDACTED\n");
    assertThat(logged).contains("> X-Seven: REDACTED\n");
    // The server did get them.
    assertThat(accepting.connections().get(0).requestHeaders()).containsEntry("x-one", "1");
  }

  private RawServer server(RawServer.Script script) throws Exception {
    RawServer server = new RawServer(script);
    servers.add(server);
    return server;
  }

  private static URI secretUri(int port) {
    return URI.create("ws://" + USER_INFO + "@127.0.0.1:" + port + "/feed" + QUERY);
  }

  private static int requestDumps(String logged) {
    return logged.split("Sending handshake request", -1).length - 1;
  }

  /** The whole printed stack trace of the failed start, causes and suppressed included. */
  private String startFailure(URI uri, ConnectOptions options) {
    WebSocketEngine engine = Engines.builder(uri, handler).connectOptions(options).build();
    EngineStartException e = assertThrows(EngineStartException.class, engine::start);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
