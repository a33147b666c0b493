package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.tyrus.testing.NoClientThreadsLeft;
import dev.wsengine.tyrus.testing.RecordingHandler;
import dev.wsengine.tyrus.testing.ServerKind;
import dev.wsengine.tyrus.testing.TestServer;
import dev.wsengine.tyrus.testing.ThreadCounts;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(NoClientThreadsLeft.class)
class EchoTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private TestServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void echoesTextAndBinary(ServerKind kind) throws Exception {
    server = kind.start();
    RecordingHandler handler = new RecordingHandler();
    handler.onOpen = (info, c, control) -> {
      c.sendText("hello");
      c.sendBinary("bytes".getBytes(StandardCharsets.UTF_8));
    };
    WebSocketEngine engine =
        WebSocketEngine.builder(server.uri("/echo"), handler)
            .reconnect(ReconnectPolicy.never())
            .openTelemetry(OpenTelemetry.noop())
            .build();
    engine.start();
    try {
      handler.await("text hello", WAIT);
      handler.await("binary bytes", WAIT);
      System.out.println("THREADS " + ThreadCounts.names(n -> true));
    } finally {
      engine.stop();
    }
    System.out.println("AFTER " + ThreadCounts.names(n -> true));
    assertThat(handler.events()).containsAtLeast("open first", "text hello", "binary bytes");
  }
}
