package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.LogCapture;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Header values reach the server and nothing else: not the log at any level (Tyrus logs the whole
 * upgrade request at FINE), not standard output, not an exception, on success and on failure.
 */
class SecretHeadersTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final String API_KEY = "sk-live-4f9c2e7a1b";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.dG9rZW4";
  private static final String COOKIE = "session=7d1e0c9b5a3f";
  private static final List<String> SECRETS = List.of(API_KEY, TOKEN, COOKIE);

  private static final ConnectOptions OPTIONS =
      ConnectOptions.builder()
          .header("X-Api-Key", API_KEY)
          .header(
              "authorization", "Bearer " + TOKEN) // lower case: Tyrus masks only "Authorization"
          .header("Cookie", COOKIE)
          .handshakeTimeout(Duration.ofSeconds(5))
          .build();

  private final RecordingHandler handler = new RecordingHandler();
  private RawServer raw;

  @AfterEach
  void tearDown() throws Exception {
    if (raw != null) {
      raw.close();
    }
  }

  @Test
  void secretHeaderValuesNeverReachLogsOrExceptions() throws Exception {
    // Raw servers, which log nothing: an in-process Tyrus server would log what it receives.
    RawServer accepting =
        new RawServer(
            c -> {
              c.handshake();
              c.readInBackground();
            });
    raw = new RawServer(c -> c.refuse("401 Unauthorized", "WWW-Authenticate: Bearer"));
    RawServer missing = new RawServer(c -> c.refuse("404 Not Found"));
    StringBuilder failures = new StringBuilder();
    String logged;
    try (LogCapture capture = LogCapture.everything()) {
      WebSocketEngine engine =
          Engines.builder(accepting.uri("/echo"), handler).connectOptions(OPTIONS).build();
      engine.start();
      engine.stop();

      failures.append(startFailure(missing.uri("/nope"))); // 404
      failures.append(startFailure(raw.uri("/"))); // 401
      failures.append(startFailure(URI.create("ws://127.0.0.1:1/"))); // nothing listening
      logged = capture.text();
    } finally {
      accepting.close();
      missing.close();
    }

    // The servers got them: the headers were sent, not dropped.
    assertThat(accepting.connections().get(0).requestHeaders()).containsEntry("x-api-key", API_KEY);
    assertThat(accepting.connections().get(0).requestHeaders()).containsEntry("cookie", COOKIE);
    assertThat(raw.connections().get(0).requestHeaders())
        .containsEntry("authorization", "Bearer " + TOKEN);
    // Tyrus did log the request, with the values replaced.
    assertThat(logged).contains("Sending handshake request");
    assertThat(logged).contains("X-Api-Key: REDACTED");
    for (String secret : SECRETS) {
      assertThat(logged).doesNotContain(secret);
      assertThat(failures.toString()).doesNotContain(secret);
    }
    assertThat(failures.toString()).contains("HTTP status 404");
    assertThat(failures.toString()).contains("HTTP status 401");
    assertThat(OPTIONS.toString()).doesNotContain(API_KEY);
  }

  /** The whole printed stack trace of the failed start, causes and suppressed included. */
  private String startFailure(URI uri) {
    WebSocketEngine engine = Engines.builder(uri, handler).connectOptions(OPTIONS).build();
    EngineStartException e = assertThrows(EngineStartException.class, engine::start);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
