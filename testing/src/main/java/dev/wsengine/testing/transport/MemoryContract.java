package dev.wsengine.testing.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bounded memory: what a server sends far beyond the heap is never buffered by the transport under
 * test. A flood of 256 MiB to a connection nobody reads stops at the server, held back by TCP (the
 * transport stops reading the socket once {@code bufferedMessages} wait), and then arrives whole
 * and in order; a 256 MiB message, against a limit of 1 MiB, closes the connection with 1009 as
 * soon as it crosses the limit. Each runs against Tyrus's server, Jetty's and a {@link RawServer};
 * the message also as one frame of 256 MiB, from the raw server.
 *
 * <p><b>It proves something only in a JVM with a small heap</b>, where a transport that buffered
 * would fail with {@link OutOfMemoryError}: run the subclass with {@code -Xmx64m} (in Maven, a
 * surefire execution of its own); each case fails at once in a JVM whose heap could hold half the
 * flood. A subclass provides {@link #transport()} only:
 *
 * <pre>{@code
 * class MyMemoryContractTest extends MemoryContract {
 *   @Override
 *   protected Transport transport() {
 *     return MyTransport.builder().noKeepalive().build();
 *   }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> The servers send on threads of their own ({@code test-flood-N}, {@code
 * test-raw-N-*}); each case stops them. <b>Class path</b>: as for {@link TransportContract}.
 */
public abstract class MemoryContract extends ContractSupport {
  private static final long MIB = 1024 * 1024;

  private static final int COUNT = 4096;
  private static final int SIZE = 64 * 1024;

  /** What each case sends: 256 MiB, four times a 64 MiB heap. */
  private static final long TOTAL = (long) COUNT * SIZE;

  private static final int LIMIT = (int) MIB;

  /** The server counts as stopped by TCP once its current send has not returned for this long. */
  private static final Duration STALL = Duration.ofMillis(300);

  /** Generous: several MiB of socket buffers, the library's own buffers and the JIT's. */
  private static final long FLOOD_GROWTH = 24 * MIB;

  private static final long OVERSIZE_GROWTH = 16 * MIB;

  protected MemoryContract() {}

  /** Where the bytes come from. */
  public enum Source {
    /** Tyrus's server ({@link ServerKind#TYRUS}). */
    TYRUS,
    /** Jetty's server ({@link ServerKind#JETTY}). */
    JETTY,
    /** A {@link RawServer} writing frames itself. */
    RAW
  }

  @BeforeEach
  final void runsWithASmallHeap() {
    long max = Runtime.getRuntime().maxMemory();
    assertTrue(
        max < TOTAL / 2,
        "runs in a JVM with a small heap (-Xmx64m), or it proves nothing; this one has "
            + max / MIB
            + " MiB");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Source.class)
  void aFloodFarBeyondTheHeapIsHeldBackByTcpThenReadWholeInOrder(Source source) throws Exception {
    long baseline = usedAfterGc();
    URI uri;
    if (source == Source.RAW) {
      RawServer raw =
          closedAfterTheTest(
              new RawServer(
                  connection -> {
                    connection.handshake();
                    Flood.messages(connection, COUNT, SIZE).awaitDone(Duration.ofMinutes(2));
                    connection.drainUntilClosed();
                  }));
      uri = raw.uri("/");
    } else {
      uri = start(ServerKind.valueOf(source.name())).uri("/echo");
    }
    TransportConnection connection =
        connect(uri, ConnectOptions.builder().bufferedMessages(4).build());
    if (source != Source.RAW) {
      connection.sendText("cmd:flood " + COUNT + " " + SIZE);
    }

    Await.until(() -> Flood.latest != null, WAIT, "the server to start flooding");
    Flood flood = Flood.latest;
    flood.awaitStalled(STALL, WAIT);
    long sentWhileNobodyReads = flood.bytesSent.get();
    long growth = usedAfterGc() - baseline;
    System.out.printf(
        "flood from %s: the server was stopped by TCP after %.1f MiB of %d MiB;"
            + " the heap grew %.1f MiB (max heap %d MiB)%n",
        source,
        sentWhileNobodyReads / (double) MIB,
        TOTAL / MIB,
        growth / (double) MIB,
        Runtime.getRuntime().maxMemory() / MIB);
    assertTrue(
        sentWhileNobodyReads < TOTAL / 4,
        "the server sent " + sentWhileNobodyReads + " bytes while nobody read");
    assertTrue(growth < FLOOD_GROWTH, "the heap grew by " + growth + " bytes");

    for (long i = 0; i < COUNT; i++) {
      Message message = connection.read(WAIT);
      assertNotNull(message, "message " + i + " did not arrive");
      assertEquals(SIZE, message.binary().remaining(), "the size of message " + i);
      assertEquals(i, message.binary().getLong(0), "message " + i);
    }
    flood.awaitDone(WAIT);
    assertNull(flood.failure(), "the flood failed");
    assertTrue(connection.isOpen());
  }

  static Stream<Arguments> oversizeMessages() {
    return Stream.of(
        Arguments.of(Source.TYRUS, "frames of 64 KiB"),
        Arguments.of(Source.JETTY, "frames of 64 KiB"),
        Arguments.of(Source.RAW, "frames of 64 KiB"),
        Arguments.of(Source.RAW, "one frame"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("oversizeMessages")
  void aMessageFarOverTheLimitClosesWith1009WithoutBeingBuffered(Source source, String framing)
      throws Exception {
    boolean oneFrame = framing.equals("one frame");
    CompletableFuture<Long> oneFrameSent = new CompletableFuture<>();
    long baseline = usedAfterGc();
    URI uri;
    if (source == Source.RAW) {
      RawServer raw =
          closedAfterTheTest(
              new RawServer(
                  connection -> {
                    connection.handshake();
                    connection.readInBackground();
                    Thread writer = null;
                    if (oneFrame) {
                      writer = oneFrameWriter(connection, oneFrameSent);
                    } else {
                      Flood.oneMessage(connection, TOTAL);
                    }
                    // As a server does: once the client closes, or drops the link, stop sending.
                    connection.awaitCloseOrEnd(WAIT);
                    connection.close();
                    if (writer != null) {
                      writer.join(WAIT.toMillis());
                    }
                  }));
      uri = raw.uri("/");
    } else {
      uri = start(ServerKind.valueOf(source.name())).uri("/echo");
    }
    TransportConnection connection =
        connect(uri, ConnectOptions.builder().maxBinaryMessageBytes(LIMIT).build());
    if (source != Source.RAW) {
      connection.sendText("cmd:big " + TOTAL);
    }

    assertEquals(CloseStatus.MESSAGE_TOO_BIG.code(), readUntilClosed(connection).status().code());
    long growth = usedAfterGc() - baseline;
    long sent;
    if (oneFrame) {
      sent = oneFrameSent.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      Await.until(() -> Flood.latest != null, WAIT, "the server to start sending");
      Flood flood = Flood.latest;
      flood.awaitDone(WAIT); // its next send failed: the client closed, or is gone
      sent = flood.bytesSent.get();
    }
    System.out.printf(
        "oversize from %s in %s: closed with 1009 after the server sent %.1f MiB of a %d MiB"
            + " message; the heap grew %.1f MiB (max heap %d MiB)%n",
        source,
        framing,
        sent / (double) MIB,
        TOTAL / MIB,
        growth / (double) MIB,
        Runtime.getRuntime().maxMemory() / MIB);
    assertTrue(sent < TOTAL / 4, "the server sent " + sent + " bytes before the client gave up");
    assertTrue(growth < OVERSIZE_GROWTH, "the heap grew by " + growth + " bytes");
  }

  /**
   * Starts writing one binary frame of {@link #TOTAL} bytes on a thread of its own; when a write
   * fails (the link is gone), completes {@code sent} with the bytes written, and ends.
   */
  private static Thread oneFrameWriter(RawConnection connection, CompletableFuture<Long> sent) {
    Thread writer =
        new Thread(
            () -> {
              byte[] chunk = new byte[SIZE];
              long written = 0;
              try {
                connection.sendFrameHeader(RawConnection.fin(RawConnection.BINARY), TOTAL);
                for (; written < TOTAL; written += chunk.length) {
                  connection.write(chunk);
                }
              } catch (IOException linkGone) {
                // expected: the client gives up long before the end
              }
              sent.complete(written);
            },
            Thread.currentThread().getName() + "-one-frame");
    writer.setDaemon(true);
    writer.start();
    return writer;
  }

  /** Heap in use after asking for full collections: what is still referenced. */
  @SuppressWarnings("SystemGC") // the point: measure what survives a collection
  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    // A few rounds: one collection can leave garbage that a reference queue frees only later.
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
