package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.HandshakeException;
import dev.wsengine.RestartAttempt;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.Outage;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.VirtualClock;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/reconnect.md "Why the connection is gone", against real servers: a 1008 close stops the
 * engine with the cause, a 1012 close reconnects, a reconnect refused with 401 stops, and a 503
 * with {@code Retry-After} reaches {@code @OnRestartError} with the header and is waited out.
 */
class ReconnectCauseEndToEndTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final RecordingHandler handler = new RecordingHandler();
  private TestServer server;
  private RawServer raw;
  private WebSocketEngine engine;

  @AfterEach
  void tearDown() throws Exception {
    if (engine != null) {
      engine.stop();
    }
    if (server != null) {
      server.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  /** The first session asks the echo server to close with {@code code}; later ones do not. */
  private void closeFirstSessionWith(int code) {
    handler.onOpen(
        (info, c, control) -> {
          if (!info.restarting()) {
            c.sendText("cmd:close " + code + " bye");
          }
        });
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aServerClosingWith1008StopsTheEngineWithTheCause(ServerKind kind) throws Exception {
    server = kind.start();
    closeFirstSessionWith(1008);
    engine =
        Engines.builder(server.uri("/echo"), handler).reconnect(Engines.FAST_RECONNECT).build();
    engine.start();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(engine.state()).isEqualTo(EngineState.STOPPED);
    assertThat(handler.events()).containsExactly("open first", "close 1008 bye").inOrder();
    Outage cause = engine.terminationCause().orElseThrow();
    assertThat(cause.closeStatus()).hasValue(CloseStatus.received(1008, "bye"));
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aServerClosingWith1012IsReconnectedAtOnce(ServerKind kind) throws Exception {
    server = kind.start();
    closeFirstSessionWith(1012);
    engine =
        Engines.builder(server.uri("/echo"), handler).reconnect(Engines.FAST_RECONNECT).build();
    engine.start();

    handler.await("open restart 1", WAIT);
    Await.until(() -> engine.state() == EngineState.RUNNING, WAIT, () -> "running: " + engine);
    assertThat(handler.events())
        .containsExactly("open first", "close 1012 bye", "open restart 1")
        .inOrder();
    engine.stop();
    assertThat(engine.terminationCause()).isEmpty();
  }

  @Test
  void aReconnectRefusedWith401StopsTheEngine() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    raw =
        new RawServer(
            c -> {
              if (connections.getAndIncrement() == 0) {
                c.handshake();
                c.close(1012, "restarting");
                c.drainUntilClosed();
              } else {
                c.refuse("401 Unauthorized", "WWW-Authenticate: Bearer");
              }
            });
    engine = Engines.builder(raw.uri("/"), handler).reconnect(Engines.FAST_RECONNECT).build();
    engine.start();

    assertThat(engine.awaitTermination(WAIT)).isTrue();
    assertThat(handler.events())
        .containsExactly(
            "open first", "close 1012 restarting", "restart error 1 HandshakeException")
        .inOrder();
    Outage cause = engine.terminationCause().orElseThrow();
    assertThat(cause.httpStatus().getAsInt()).isEqualTo(401);
    assertThat(cause.attempt()).isEqualTo(1);
    assertThat(raw.connections()).hasSize(2);
  }

  @Test
  void a503WithRetryAfterReachesOnRestartErrorWithTheHeaderAndIsWaitedOut() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    raw =
        new RawServer(
            c -> {
              int n = connections.getAndIncrement();
              if (n == 1) {
                c.refuse("503 Service Unavailable", "Retry-After: 1");
              } else {
                c.handshake();
                if (n == 0) {
                  c.close(1012, "restarting");
                }
                c.drainUntilClosed();
              }
            });
    List<RestartAttempt> failed = new CopyOnWriteArrayList<>();
    handler.onRestartError((attempt, control) -> failed.add(attempt));
    VirtualClock clock = new VirtualClock();
    engine =
        Engines.builder(raw.uri("/"), handler)
            .reconnect(Engines.FAST_RECONNECT)
            .clock(clock)
            .build();
    engine.start();

    handler.await("restart error 1 HandshakeException", WAIT);
    Await.until(() -> !failed.isEmpty(), WAIT, () -> "the hook ran: " + handler.events());
    HandshakeException refused = (HandshakeException) failed.get(0).error();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.header("retry-after")).hasValue("1");
    // The policy would wait 50 ms before attempt 2; the server asked for a second.
    assertThat(clock.awaitSleeping(WAIT)).isEqualTo(Duration.ofSeconds(1));
    assertThat(raw.connections()).hasSize(2);
    clock.advance(Duration.ofSeconds(1));

    handler.await("open restart 2", WAIT);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1));
  }
}
