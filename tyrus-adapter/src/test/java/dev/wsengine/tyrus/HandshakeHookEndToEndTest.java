package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.Connection;
import dev.wsengine.OnOpen;
import dev.wsengine.OpenInfo;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 18's per-attempt handshake against both real servers: a token the hook makes afresh for
 * every attempt reaches the server with that attempt, first and reconnects, and a subprotocol the
 * hook offers is negotiated.
 */
class HandshakeHookEndToEndTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final int SESSIONS = 4;

  private TestServer server;
  private WebSocketEngine engine;

  @BeforeEach
  void clearEvents() {
    ServerEvents.clear();
  }

  @AfterEach
  void tearDown() {
    if (engine != null) {
      engine.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Records what each session's handshake negotiated. */
  static final class Opened {
    final List<String> opens = new CopyOnWriteArrayList<>();

    @OnOpen
    void opened(Connection connection, OpenInfo info) {
      opens.add(info.handshake().subprotocol().orElse("none"));
    }
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aFreshTokenReachesTheServerWithEveryAttempt(ServerKind kind) throws Exception {
    server = kind.start();
    AtomicInteger tokens = new AtomicInteger();
    Opened handler = new Opened();
    engine =
        Engines.builder(server.uri("/echo"), handler)
            .reconnect(Engines.FAST_RECONNECT)
            .connectOptions(ConnectOptions.builder().header("X-Token", "expired").build())
            .beforeHandshake(
                request ->
                    request
                        .setHeader("X-Token", "token-" + tokens.incrementAndGet())
                        .setSubprotocols(List.of("chat")))
            .build();

    engine.start();
    for (int session = 1; session < SESSIONS; session++) {
      // The server ends the session as a server restarting does; the engine reconnects.
      engine.connection().orElseThrow().sendText("cmd:close 1012 restarting");
      int opened = session + 1;
      Await.until(() -> handler.opens.size() == opened, WAIT, "session " + opened);
    }

    List<String> seen =
        ServerEvents.events().stream().filter(e -> e.startsWith("header x-token=")).toList();
    assertThat(seen)
        .containsExactly(
            "header x-token=token-1",
            "header x-token=token-2",
            "header x-token=token-3",
            "header x-token=token-4")
        .inOrder();
    assertThat(handler.opens).containsExactly("chat", "chat", "chat", "chat");
  }
}
