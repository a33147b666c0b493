package dev.wsengine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The in-memory connection's {@code poll} and {@code whenReadable} keep the SPI contract: poll
 * hands out what read would, and the listener runs once, outside the lock, when poll has something.
 */
class InMemoryPollTest {
  /** Concurrency tests; each ran 1000 times without a failure when written. */
  private static final int REPEATS = 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String THREAD_PREFIX = "in-memory-poll-test-";
  private static final URI URI_A = URI.create("ws://a.example/feed");

  private final AtomicInteger threadNumber = new AtomicInteger();
  private final List<ExecutorService> executors = new ArrayList<>();

  @AfterEach
  void noThreadOutlivesItsTest() {
    executors.forEach(ExecutorService::shutdownNow);
    ThreadCounts.awaitNoThreads(THREAD_PREFIX, TIMEOUT);
  }

  // ---------------------------------------------------------------- poll

  @Test
  void pollHandsOutWhatReadWould_inTheSameOrder_withoutWaiting() throws Exception {
    IOException glitch = new IOException("glitch");
    CloseStatus bye = CloseStatus.of(4000, "bye");
    InMemoryConnection connection = connected();

    assertNull(connection.poll());
    connection.pushText("one").pushReadError(glitch).pushBinary(new byte[] {1, 2}).serverClose(bye);

    assertEquals(Message.text("one"), connection.poll());
    assertSame(glitch, assertThrows(IOException.class, connection::poll));
    assertArrayEquals(new byte[] {1, 2}, connection.poll().binaryAsArray());
    assertEquals(bye, assertThrows(ConnectionClosedException.class, connection::poll).status());
    assertEquals(bye, assertThrows(ConnectionClosedException.class, connection::poll).status());
    assertEquals(6, connection.readCount());
  }

  @Test
  void pollAndReadShareOneQueue() throws Exception {
    InMemoryConnection connection = connected().pushText("a").pushText("b").pushText("c");

    assertEquals("a", connection.poll().text());
    assertEquals("b", connection.read().text());
    assertEquals("c", connection.poll().text());
    assertNull(connection.poll());
    assertEquals(0, connection.unread());
  }

  @Test
  void pollAfterAbortThrowsAbnormalClosure_andAfterTheEnginesCloseItsStatus() throws Exception {
    InMemoryConnection aborted = connected().pushText("discarded");
    InMemoryConnection closed = connected().pushText("kept");

    aborted.abort();
    closed.close(CloseStatus.GOING_AWAY);

    assertEquals(
        CloseStatus.ABNORMAL_CLOSURE,
        assertThrows(ConnectionClosedException.class, aborted::poll).status());
    assertEquals("kept", closed.poll().text());
    assertEquals(
        CloseStatus.GOING_AWAY,
        assertThrows(ConnectionClosedException.class, closed::poll).status());
  }

  @Test
  void pollIgnoresTheInterrupt() throws Exception {
    InMemoryConnection connection = connected().pushText("kept");

    Thread.currentThread().interrupt();
    try {
      assertEquals("kept", connection.poll().text());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @RepeatedTest(REPEATS)
  void aPollOverlappingABlockedReadIsRecordedAsAViolation() throws Exception {
    InMemoryConnection connection = connected();
    ExecutorService reader = executor(1);
    CompletableFuture<Message> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return connection.read();
              } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
              }
            },
            reader);
    connection.awaitReaderBlocked(TIMEOUT);

    assertNull(connection.poll());
    connection.pushText("for the reader");

    assertEquals("for the reader", read.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).text());
    assertEquals(1, connection.concurrentReads());
    String violation = connection.concurrentReadViolations().get(0);
    assertTrue(
        violation.matches(
            Pattern.quote(Thread.currentThread().getName())
                + " entered poll\\(\\) while "
                + THREAD_PREFIX
                + "\\d+ was inside"),
        violation);
  }

  @Test
  void pollsTakenInTurnAreNoViolation() throws Exception {
    InMemoryConnection connection = connected().pushText("a");

    connection.poll();
    connection.poll();
    connection.read(Duration.ZERO);

    assertEquals(0, connection.concurrentReads());
  }

  // ---------------------------------------------------------------- whenReadable

  @Test
  void whenReadableRunsAtOnceOnTheCaller_ifAMessageIsThere_andTakesNothing() throws Exception {
    InMemoryConnection connection = connected().pushText("waiting");
    List<Thread> ranOn = new ArrayList<>();

    connection.whenReadable(() -> ranOn.add(Thread.currentThread()));

    assertEquals(List.of(Thread.currentThread()), ranOn);
    assertEquals(1, connection.unread());
    assertEquals("waiting", connection.poll().text());
    assertEquals(1, connection.readListenersRun());
  }

  @Test
  void whenReadableRunsAtOnce_ifAReadErrorOrTheCloseIsThere() {
    InMemoryConnection failing = connected().pushReadError(new IOException("bad frame"));
    InMemoryConnection closed = connected().serverClose(CloseStatus.NORMAL);
    AtomicInteger runs = new AtomicInteger();

    failing.whenReadable(runs::incrementAndGet);
    closed.whenReadable(runs::incrementAndGet);

    assertEquals(2, runs.get());
  }

  @Test
  void aWaitingListenerRunsOnceOnThePushingThread_andThePushIsThenPolled() throws Exception {
    InMemoryConnection connection = connected();
    List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
    connection.whenReadable(() -> ranOn.add(Thread.currentThread()));
    assertTrue(connection.readListenerWaiting());
    assertTrue(ranOn.isEmpty());

    connection.pushText("one").pushText("two");

    assertEquals(List.of(Thread.currentThread()), ranOn);
    assertFalse(connection.readListenerWaiting());
    assertEquals("one", connection.poll().text());
    assertEquals("two", connection.poll().text());
    assertEquals(1, connection.readListenersRun());
  }

  @Test
  void aSecondRegistrationReplacesTheFirst_whichIsNeverRun() {
    InMemoryConnection connection = connected();
    List<String> ran = new ArrayList<>();

    connection.whenReadable(() -> ran.add("first"));
    connection.whenReadable(() -> ran.add("second"));
    connection.pushText("m");
    connection.pushText("n");

    assertEquals(List.of("second"), ran);
  }

  @Test
  void everyWayTheConnectionEndsRunsAWaitingListener_andPollThenThrows() throws Exception {
    assertEndWakesListener(c -> c.serverClose(CloseStatus.SERVICE_RESTART), 1012);
    assertEndWakesListener(InMemoryConnection::dropLink, 1006);
    assertEndWakesListener(InMemoryConnection::abort, 1006);
    assertEndWakesListener(
        c -> {
          try {
            c.close(CloseStatus.GOING_AWAY);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        },
        1001);
  }

  private static void assertEndWakesListener(Consumer<InMemoryConnection> end, int code)
      throws Exception {
    InMemoryConnection connection = connected();
    AtomicInteger runs = new AtomicInteger();
    connection.whenReadable(runs::incrementAndGet);

    end.accept(connection);

    assertEquals(1, runs.get(), "code " + code);
    assertEquals(
        code, assertThrows(ConnectionClosedException.class, connection::poll).status().code());
  }

  @Test
  void aReadErrorRunsAWaitingListener_andPollThrowsIt() throws Exception {
    IOException glitch = new IOException("glitch");
    InMemoryConnection connection = connected();
    AtomicInteger runs = new AtomicInteger();
    connection.whenReadable(runs::incrementAndGet);

    connection.pushReadError(glitch);

    assertEquals(1, runs.get());
    assertSame(glitch, assertThrows(IOException.class, connection::poll));
    assertTrue(connection.isOpen());
  }

  @Test
  void aPushOverTheSizeLimitRunsAWaitingListener_andPollThrows1009() throws Exception {
    InMemoryConnection connection =
        (InMemoryConnection)
            new InMemoryTransport()
                .connect(URI_A, ConnectOptions.builder().maxTextMessageBytes(2).build());
    AtomicInteger runs = new AtomicInteger();
    connection.whenReadable(runs::incrementAndGet);

    connection.pushText("too long");

    assertEquals(1, runs.get());
    assertEquals(
        CloseStatus.MESSAGE_TOO_BIG,
        assertThrows(ConnectionClosedException.class, connection::poll).status());
  }

  @Test
  void theListenerRunsWithoutTheConnectionsLock_andMayPoll() throws Exception {
    InMemoryConnection connection = connected();
    ExecutorService other = executor(1);
    AtomicReference<Object> seen = new AtomicReference<>();
    connection.whenReadable(
        () -> {
          try {
            // Another thread gets the lock while the listener runs: it is not held here.
            int unread =
                CompletableFuture.supplyAsync(connection::unread, other)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            seen.set(unread + " " + connection.poll().text());
          } catch (Exception e) {
            seen.set(e);
          }
        });

    connection.pushText("m");

    assertEquals("1 m", seen.get());
  }

  @Test
  void whenReadableRejectsNull() {
    NullPointerException thrown =
        assertThrows(NullPointerException.class, () -> connected().whenReadable(null));

    assertEquals("listener", thrown.getMessage());
  }

  @Test
  void awaitReaderBlockedReturnsWhenAListenerWaitsWithNothingToPoll() throws Exception {
    InMemoryConnection connection = connected().pushText("unread");
    AtomicInteger runs = new AtomicInteger();

    connection.whenReadable(runs::incrementAndGet); // runs at once: something is there
    assertThrows(AssertionError.class, () -> connection.awaitReaderBlocked(Duration.ofMillis(20)));
    connection.poll();
    connection.whenReadable(runs::incrementAndGet);

    connection.awaitReaderBlocked(TIMEOUT);
    assertEquals(0, connection.readersBlocked());
    assertEquals(1, runs.get());
  }

  /**
   * The engine's loop, on a pool: poll until null, then ask to be told. Every message is taken
   * once, in order, then the close; no two polls overlap, and no thread waits in between.
   */
  @RepeatedTest(REPEATS)
  void thePollLoopTakesEveryMessageInOrder_whileAnotherThreadPushes() throws Exception {
    InMemoryConnection connection = connected();
    ExecutorService pool = executor(2);
    ExecutorService pusher = executor(1);
    List<String> taken = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          try {
            Message message;
            while ((message = connection.poll()) != null) {
              taken.add(message.text());
            }
            connection.whenReadable(() -> pool.execute(pump[0]));
          } catch (ConnectionClosedException e) {
            closed.complete(e.status());
          } catch (IOException | RuntimeException e) {
            closed.completeExceptionally(e);
          }
        };
    int count = 500;
    CountDownLatch go = new CountDownLatch(1);
    pusher.execute(
        () -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < count; i++) {
            connection.pushText(Integer.toString(i));
          }
          connection.serverClose(CloseStatus.NORMAL);
        });

    pool.execute(pump[0]);
    go.countDown();

    assertEquals(CloseStatus.NORMAL, closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      expected.add(Integer.toString(i));
    }
    assertEquals(expected, taken);
    assertEquals(0, connection.concurrentReads());
    assertEquals(0, connection.readersBlocked());
  }

  private static InMemoryConnection connected() {
    try {
      return (InMemoryConnection) new InMemoryTransport().connect(URI_A, ConnectOptions.defaults());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private ExecutorService executor(int threads) {
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads, r -> new Thread(r, THREAD_PREFIX + threadNumber.incrementAndGet()));
    executors.add(executor);
    return executor;
  }
}
