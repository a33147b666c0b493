package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.Flood;
import dev.wsengine.testing.transport.RawConnection;
import dev.wsengine.testing.transport.RawServer;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.Heap;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A message far over the limit closes the connection with 1009 as soon as it crosses the limit,
 * without being buffered: in fragments (the servers, and a raw server), and as one huge frame
 * (raw), where Tyrus's own frame-buffer overflow (its 1011) is reported and sent as 1009. Runs in a
 * JVM with a small heap (see the pom).
 */
class OversizeMemoryTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final long TOTAL = 256 * Heap.MIB;
  private static final int LIMIT = 1024 * 1024;
  private static final int CHUNK = 64 * 1024;

  enum Source {
    TYRUS,
    JETTY,
    RAW_FRAGMENTS,
    RAW_ONE_FRAME
  }

  private final RecordingHandler handler = new RecordingHandler();
  private TestServer server;
  private RawServer raw;
  private WebSocketEngine engine;

  @AfterEach
  void tearDown() throws Exception {
    if (engine != null) {
      engine.stop();
    }
    Flood.stopLatest();
    if (server != null) {
      server.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  void messageOverTheLimitCloses1009WithoutBeingBuffered(Source source) throws Exception {
    assertWithMessage(
            "runs in the small-heap JVM (surefire execution small-heap), or it proves nothing")
        .that(Heap.max())
        .isLessThan(TOTAL / 2);
    AtomicLong rawSent = new AtomicLong();
    CompletableFuture<Integer> clientCloseCode = new CompletableFuture<>();
    URI uri;
    switch (source) {
      case TYRUS, JETTY -> {
        server = ServerKind.valueOf(source.name()).start();
        uri = server.uri("/echo");
        handler.onOpen((info, c, control) -> c.sendText("cmd:big " + TOTAL));
      }
      case RAW_FRAGMENTS -> {
        raw =
            new RawServer(
                connection -> {
                  connection.handshake();
                  connection.readInBackground();
                  Flood.oneMessage(connection, TOTAL).awaitDone(WAIT);
                  clientCloseCode.complete(
                      connection.awaitFrame(RawConnection.CLOSE, WAIT).closeCode());
                });
        uri = raw.uri("/");
      }
      case RAW_ONE_FRAME -> {
        raw =
            new RawServer(
                connection -> {
                  connection.handshake();
                  connection.readInBackground();
                  connection.sendFrameHeader(RawConnection.fin(RawConnection.BINARY), TOTAL);
                  byte[] chunk = new byte[CHUNK];
                  try {
                    for (long sent = 0; sent < TOTAL; sent += CHUNK) {
                      connection.write(chunk);
                      rawSent.addAndGet(CHUNK);
                    }
                  } catch (IOException closedByClient) {
                    // expected: the client gives up long before the end
                  }
                  clientCloseCode.complete(
                      connection.awaitFrame(RawConnection.CLOSE, WAIT).closeCode());
                });
        uri = raw.uri("/");
      }
      default -> throw new AssertionError(source);
    }
    ConnectOptions options = ConnectOptions.builder().maxBinaryMessageBytes(LIMIT).build();
    engine = Engines.builder(uri, handler).readers(1).connectOptions(options).build();
    long baseline = Heap.usedAfterGc();
    engine.start();

    assertThat(engine.awaitTermination(WAIT)).isTrue(); // no reconnect: the close ends the engine
    long growth = Heap.usedAfterGc() - baseline;
    assertThat(handler.closes()).hasSize(1);
    CloseStatus status = handler.closes().get(0);
    assertThat(status.code()).isEqualTo(1009);
    assertThat(handler.events(e -> e.startsWith("binary"))).isEmpty();

    long sent;
    if (source == Source.TYRUS || source == Source.JETTY) {
      // The client sent 1009 (the raw cases read it off the wire), but Tyrus drops the socket right
      // after the frame while the server still streams, and the reset may reach the server first.
      assertThat(ServerEvents.await("close", WAIT)).matches("close 1009.*|close 1006.*");
      Flood flood = Flood.latest;
      flood.awaitDone(WAIT); // its next send failed: the client is gone
      sent = flood.bytesSent.get();
    } else {
      assertThat(clientCloseCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1009);
      Await.until(() -> Flood.latest != null || source == Source.RAW_ONE_FRAME, WAIT, "flood");
      sent = source == Source.RAW_ONE_FRAME ? rawSent.get() : Flood.latest.bytesSent.get();
    }
    System.out.printf(
        "oversize %s: closed with %s after the server sent %.1f MiB of a %d MiB message; heap %+.1f MiB (max heap %d MiB)%n",
        source,
        status,
        sent / (double) Heap.MIB,
        TOTAL / Heap.MIB,
        growth / (double) Heap.MIB,
        Heap.max() / Heap.MIB);
    assertThat(sent).isLessThan(TOTAL / 4);
    assertThat(growth).isLessThan(16 * Heap.MIB);
  }
}
