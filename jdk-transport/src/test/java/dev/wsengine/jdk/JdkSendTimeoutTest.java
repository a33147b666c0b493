package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.SendTimeoutException;
import dev.wsengine.runtime.DispatcherMode;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.ReconnectPolicy;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.transport.RawServer;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 17: a real server on 127.0.0.1 that completes the handshake and then never reads. TCP's
 * buffers fill, the JDK client's write blocks, and the engine's send timeout must free the callers
 * and abort the connection.
 */
class JdkSendTimeoutTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);

  @ParameterizedTest(name = "{0} dispatcher")
  @EnumSource(
      value = DispatcherMode.class,
      names = {"GENERATED", "FALLBACK"})
  void sendsToAPeerThatStoppedReadingFailWithinTheSendTimeout(DispatcherMode mode)
      throws Exception {
    CountDownLatch end = new CountDownLatch(1);
    RecordingHandler handler = new RecordingHandler();
    try (RawServer deaf =
        new RawServer(
            c -> {
              c.handshake();
              end.await(); // never reads again
            })) {
      WebSocketEngine engine =
          WebSocketEngine.builder(deaf.uri("/"), handler)
              .transport(JdkTransport.builder().noKeepalive().build())
              .dispatcherMode(mode)
              .reconnect(ReconnectPolicy.never())
              .openTelemetry(OpenTelemetry.noop())
              .sendTimeout(SEND_TIMEOUT)
              .sendQueue(10_000, 1L << 30)
              .build();
      try {
        engine.start();
        Connection connection = engine.connection().orElseThrow();
        long started = System.nanoTime();
        // 64 MiB on the wire, far more than loopback's socket buffers hold; one array in memory
        // (the tests also run with a small heap).
        byte[] chunk = new byte[256 * 1024];
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
          sends.add(connection.sendBinaryAsync(chunk));
        }
        CompletableFuture<IOException> blocking =
            CompletableFuture.supplyAsync(
                () -> assertThrows(IOException.class, () -> connection.sendText("blocked")),
                runnable -> new Thread(runnable, "test-sender").start());

        // Every send is decided within the timeout plus a margin for a loaded machine.
        long deadline = started + SEND_TIMEOUT.plus(Duration.ofSeconds(5)).toNanos();
        int timedOut = 0;
        for (CompletableFuture<Void> send : sends) {
          try {
            send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
              timedOut++;
            } else {
              assertThat(e).hasCauseThat().isInstanceOf(ConnectionClosedException.class);
            }
          }
        }
        IOException blocked =
            blocking.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(blocked).isInstanceOf(IOException.class);
        assertThat(
                blocked instanceof SendTimeoutException
                    || blocked instanceof ConnectionClosedException)
            .isTrue();
        assertThat(timedOut).isAtLeast(1);
        // The stuck write aborted the connection: the session is lost, and with never() it stops.
        Await.until(() -> engine.state() == EngineState.STOPPED, WAIT, "the engine to stop");
      } finally {
        end.countDown();
        engine.stop();
      }
    }
    ThreadCounts.awaitNoThreads("wsengine-", WAIT);
  }
}
