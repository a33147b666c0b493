package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.runtime.WebSocketEngine;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.RecordingHandler;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.Flood;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.Engines;
import dev.wsengine.tyrus.testing.Heap;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Back-pressure through the engine: a server floods far more than the heap holds while the handler
 * is stuck. The transport stops reading, TCP stops the server, the heap stays flat; released, the
 * handler gets every message, in order (one reader). Runs in a JVM with a small heap (see the pom),
 * so a transport that buffered the flood would fail with OutOfMemoryError. The transport alone,
 * against Jetty's and a raw server too, is the kit's contract: {@link TyrusMemoryContractTest}.
 */
class FloodMemoryTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final int COUNT = 4096;
  private static final int SIZE = 64 * 1024;
  private static final long TOTAL = (long) COUNT * SIZE; // 256 MiB

  /** The server counts as stopped by TCP once its current send has not returned for this long. */
  private static final Duration STALL = Duration.ofMillis(300);

  /** Holds the handler on the first message; a failed test must not leave it held. */
  private final CountDownLatch release = new CountDownLatch(1);

  private TestServer server;
  private WebSocketEngine engine;

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    if (engine != null) {
      engine.stop();
    }
    Flood.stopLatest();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void floodFasterThanTheHandlerKeepsTheHeapFlatAndLosesNothing() throws Exception {
    assertWithMessage(
            "runs in the small-heap JVM (surefire execution small-heap), or it proves nothing")
        .that(Heap.max())
        .isLessThan(TOTAL / 2);

    AtomicLong next = new AtomicLong();
    List<String> outOfOrder = new CopyOnWriteArrayList<>();
    RecordingHandler handler = new RecordingHandler();
    handler.recordMessages(false);
    handler.onBinary(
        (data, c, control) -> {
          long seq = ByteBuffer.wrap(data).getLong(0);
          if (seq == 0 && !release.await(1, TimeUnit.MINUTES)) {
            throw new AssertionError("never released");
          }
          long expected = next.getAndIncrement();
          if (seq != expected || data.length != SIZE) {
            outOfOrder.add("got #" + seq + " (" + data.length + " bytes), expected #" + expected);
          }
        });

    server = ServerKind.TYRUS.start();
    URI uri = server.uri("/echo");
    handler.onOpen((info, c, control) -> c.sendText("cmd:flood " + COUNT + " " + SIZE));
    ConnectOptions options = ConnectOptions.builder().bufferedMessages(4).build();
    engine = Engines.builder(uri, handler).readers(1).connectOptions(options).build();
    long baseline = Heap.usedAfterGc();
    engine.start();

    Await.until(() -> Flood.latest != null, WAIT, "the server to start flooding");
    Flood flood = Flood.latest;
    flood.awaitStalled(STALL, WAIT);
    long sentWhileStuck = flood.bytesSent.get();
    long growth = Heap.usedAfterGc() - baseline;
    System.out.printf(
        "flood: server stopped by TCP after %.1f MiB of %d MiB; heap grew %.1f MiB (max heap %d MiB)%n",
        sentWhileStuck / (double) Heap.MIB,
        TOTAL / Heap.MIB,
        growth / (double) Heap.MIB,
        Heap.max() / Heap.MIB);

    assertThat(sentWhileStuck).isLessThan(TOTAL / 4);
    assertThat(growth).isLessThan(24 * Heap.MIB);

    long released = System.nanoTime();
    release.countDown();
    Await.until(
        () -> next.get() == COUNT, Duration.ofMinutes(1), () -> "all messages; got " + next.get());
    System.out.printf(
        "flood: the rest arrived in %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released));
    assertThat(outOfOrder).isEmpty();
    flood.awaitDone(WAIT);
    assertThat(flood.failure()).isNull();
    assertThat(handler.events(e -> e.startsWith("close") || e.startsWith("read error"))).isEmpty();
  }
}
