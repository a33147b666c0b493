package dev.wsengine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The hand-off alone, filled both ways (blocking put, as Tyrus does; offer with flow control, as
 * the JDK's listener does): bounds, order, closing, interrupts, under contention.
 *
 * <p>The api module cannot use the test kit (which depends on it), so {@link #awaitUntil} and
 * {@link #forEachSeed} stand in for its {@code Await.until} and {@code Seeds.forEach}, with the
 * same rules: a deadline instead of a sleep, and a failing seed named and replayable with {@code
 * -Dwsengine.test.seed=N}.
 */
class InboxTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Message text(int i) {
    return Message.text("m" + i);
  }

  // ---------------------------------------------------------------------------------------------
  // Both ways

  @Test
  void inboxWithoutRoomIsRefusedNamingTheCapacity() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Inbox(0));

    assertEquals("capacity must be at least 1; got 0", e.getMessage());
  }

  @Test
  void closeHandsOutWhatCameBeforeThenThrowsTheStatus() throws Exception {
    Inbox inbox = new Inbox(4);
    inbox.put(text(0));
    CloseStatus status = CloseStatus.received(4000, "bye");

    assertTrue(inbox.close(status, null));
    assertFalse(inbox.close(CloseStatus.NORMAL, null)); // the first status stays

    assertEquals("m0", inbox.take(-1).text());
    assertEquals(
        status, assertThrows(ConnectionClosedException.class, () -> inbox.take(-1)).status());
    assertFalse(inbox.put(text(1)));
    assertEquals(Inbox.Offer.CLOSED, inbox.offer(text(2)));
    assertEquals(status, inbox.closedWith());
  }

  @Test
  void closeWithACauseMakesItTheCauseOfTheReadsException() throws Exception {
    Inbox inbox = new Inbox(1);
    IOException cause = new IOException("link dropped");

    inbox.close(CloseStatus.ABNORMAL_CLOSURE, cause);

    assertSame(
        cause, assertThrows(ConnectionClosedException.class, () -> inbox.take(-1)).getCause());
  }

  @Test
  void abortDropsEverythingAndKeepsAnEarlierStatus() {
    Inbox inbox = new Inbox(4);
    inbox.put(text(0));
    inbox.close(CloseStatus.received(4001, "first"), null);

    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);

    assertEquals(0, inbox.size());
    assertEquals(
        CloseStatus.received(4001, "first"),
        assertThrows(ConnectionClosedException.class, () -> inbox.take(-1)).status());
  }

  @Test
  void abortOfAnOpenInboxClosesItWithTheStatus() {
    Inbox inbox = new Inbox(4);
    inbox.offer(text(0));

    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);

    assertEquals(0, inbox.size());
    assertEquals(CloseStatus.ABNORMAL_CLOSURE, inbox.closedWith());
    assertThrows(ConnectionClosedException.class, () -> inbox.take(0));
  }

  @Test
  void timedTakeReturnsNullWhenNothingArrives() throws Exception {
    Inbox inbox = new Inbox(1);

    assertNull(inbox.take(TimeUnit.MILLISECONDS.toNanos(20)));
    assertNull(inbox.take(0));
    inbox.put(text(0));
    assertEquals("m0", inbox.take(0).text());
  }

  @Test
  void interruptedTakeThrowsAndTakesNothing() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.put(text(0));

    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> inbox.take(-1));

    assertEquals("m0", inbox.take(-1).text());
  }

  @Test
  void toStringShowsFillAndStatus() {
    Inbox inbox = new Inbox(3);
    inbox.put(text(0));
    assertEquals("Inbox[1/3]", inbox.toString());

    inbox.close(CloseStatus.NORMAL, null);
    assertEquals("Inbox[1/3, closed " + CloseStatus.NORMAL + "]", inbox.toString());
  }

  // ---------------------------------------------------------------------------------------------
  // Blocking: put

  @Test
  void putWaitsWhileFullAndTakeMakesRoom() throws Exception {
    Inbox inbox = new Inbox(2);
    inbox.put(text(0));
    inbox.put(text(1));
    CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> inbox.put(text(2)));

    awaitUntil(inbox::producerParked, "the producer to wait for room");
    assertFalse(third.isDone());
    assertEquals("m0", inbox.take(-1).text());

    assertTrue(third.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals("m1", inbox.take(-1).text());
    assertEquals("m2", inbox.take(-1).text());
    assertFalse(inbox.producerParked());
    assertEquals(2, inbox.highWater());
    assertFalse(inbox.starved()); // put never starves: its producer waits instead
  }

  @Test
  void closeReleasesAParkedProducerAndDropsItsMessage() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.put(text(0));
    CompletableFuture<Boolean> parked = CompletableFuture.supplyAsync(() -> inbox.put(text(1)));
    awaitUntil(inbox::producerParked, "the producer to wait for room");

    inbox.close(CloseStatus.NORMAL, null);

    assertFalse(parked.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertFalse(inbox.producerParked());
    assertEquals("m0", inbox.take(-1).text());
    assertThrows(ConnectionClosedException.class, () -> inbox.take(-1));
  }

  @Test
  void abortReleasesAParkedProducerAndDropsItsMessage() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.put(text(0));
    CompletableFuture<Boolean> parked = CompletableFuture.supplyAsync(() -> inbox.put(text(1)));
    awaitUntil(inbox::producerParked, "the producer to wait for room");

    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);

    assertFalse(parked.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(0, inbox.size());
    assertThrows(ConnectionClosedException.class, () -> inbox.take(-1));
  }

  // ---------------------------------------------------------------------------------------------
  // Flow control: offer

  @Test
  void offerSaysFullAtCapacityAndTheTakeThatMakesRoomRequests() throws Exception {
    Inbox inbox = new Inbox(2);
    AtomicInteger requests = new AtomicInteger();

    assertEquals(Inbox.Offer.ADDED_ROOM_LEFT, inbox.offer(text(0)));
    assertFalse(inbox.starved());
    assertEquals(Inbox.Offer.ADDED_FULL, inbox.offer(text(1)));
    assertTrue(inbox.starved());
    assertEquals(2, inbox.highWater());

    assertEquals("m0", inbox.take(-1, requests::incrementAndGet).text());
    assertEquals(1, requests.get()); // room made: the caller requests the next message
    assertFalse(inbox.starved());

    assertEquals("m1", inbox.take(-1, requests::incrementAndGet).text());
    assertEquals(1, requests.get()); // not full before: the listener requested already
  }

  @Test
  void roomMadeRunsOutsideTheLock() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.offer(text(0));
    List<Integer> sizeSeenByAnotherThread = new ArrayList<>();

    inbox.take(
        -1,
        () -> {
          try {
            // Another thread can take the lock now: size() would block if the take still held it.
            sizeSeenByAnotherThread.add(
                CompletableFuture.supplyAsync(inbox::size).get(WAIT.toSeconds(), TimeUnit.SECONDS));
          } catch (Exception e) {
            throw new AssertionError("the lock was still held while roomMade ran", e);
          }
        });

    assertEquals(List.of(0), sizeSeenByAnotherThread);
  }

  @Test
  void interruptedTakeMakesNoRoomAndTheNextTakeDoes() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.offer(text(0));
    AtomicInteger requests = new AtomicInteger();

    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> inbox.take(-1, requests::incrementAndGet));
    assertEquals(0, requests.get());
    assertTrue(inbox.starved());

    assertEquals("m0", inbox.take(-1, requests::incrementAndGet).text());
    assertEquals(1, requests.get());
  }

  @Test
  void aClosedInboxIsNotStarvedAndItsTakesRequestNothing() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.offer(text(0));
    AtomicInteger requests = new AtomicInteger();

    inbox.close(CloseStatus.NORMAL, null);

    assertFalse(inbox.starved()); // the listener reads on to the close frame by itself
    assertEquals("m0", inbox.take(-1, requests::incrementAndGet).text());
    assertEquals(0, requests.get());
  }

  @Test
  void takeWithoutRoomMadeFromAnInboxAnOfferFilledIsRefusedAndTakesNothing() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.offer(text(0));

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> inbox.take(-1));

    assertEquals(
        "an offer filled the inbox: take with a roomMade callback to request the next",
        e.getMessage());
    assertEquals(1, inbox.size());
    assertTrue(inbox.starved());
  }

  // ---------------------------------------------------------------------------------------------
  // poll and whenReadable

  @Test
  void pollReturnsNullWhileEmpty_thenTheMessagesInOrder_thenTheCloseWithItsCause()
      throws Exception {
    Inbox inbox = new Inbox(4);
    IOException cause = new IOException("link dropped");

    assertNull(inbox.poll());
    inbox.put(text(0));
    inbox.put(text(1));
    inbox.close(CloseStatus.ABNORMAL_CLOSURE, cause);

    assertEquals("m0", inbox.poll().text());
    assertEquals("m1", inbox.poll().text());
    ConnectionClosedException closed = assertThrows(ConnectionClosedException.class, inbox::poll);
    assertEquals(CloseStatus.ABNORMAL_CLOSURE, closed.status());
    assertSame(cause, closed.getCause());
  }

  @Test
  void pollAfterAbortThrowsAtOnce() {
    Inbox inbox = new Inbox(4);
    inbox.put(text(0));

    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);

    assertEquals(
        CloseStatus.ABNORMAL_CLOSURE,
        assertThrows(ConnectionClosedException.class, inbox::poll).status());
  }

  @Test
  void pollMakesRoomForAParkedProducer() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.put(text(0));
    CompletableFuture<Boolean> producer = CompletableFuture.supplyAsync(() -> inbox.put(text(1)));
    awaitUntil(inbox::producerParked, "the producer to park in put");

    assertEquals("m0", inbox.poll().text());

    assertTrue(producer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals("m1", inbox.poll().text());
    assertNull(inbox.poll());
  }

  @Test
  void thePollThatMakesRoomAfterAFillingOfferRequests_andOnlyThatOne() throws Exception {
    Inbox inbox = new Inbox(2);
    AtomicInteger requests = new AtomicInteger();
    inbox.offer(text(0));
    inbox.offer(text(1));
    assertTrue(inbox.starved());

    assertEquals("m0", inbox.poll(requests::incrementAndGet).text());
    assertEquals(1, requests.get());
    assertFalse(inbox.starved());
    assertEquals("m1", inbox.poll(requests::incrementAndGet).text());
    assertNull(inbox.poll(requests::incrementAndGet));
    assertEquals(1, requests.get());
  }

  @Test
  void pollWithoutRoomMadeFromAnInboxAnOfferFilledIsRefusedAndTakesNothing() {
    Inbox inbox = new Inbox(1);
    inbox.offer(text(0));

    assertThrows(IllegalStateException.class, inbox::poll);

    assertEquals(1, inbox.size());
    assertTrue(inbox.starved());
  }

  @Test
  void whenReadableRunsAtOnceOnTheCaller_ifAMessageOrTheCloseIsThere_andTakesNothing()
      throws Exception {
    Inbox full = new Inbox(2);
    full.put(text(0));
    Inbox closed = new Inbox(2);
    closed.close(CloseStatus.NORMAL, null);
    List<Thread> ranOn = new ArrayList<>();

    full.whenReadable(() -> ranOn.add(Thread.currentThread()));
    closed.whenReadable(() -> ranOn.add(Thread.currentThread()));

    assertEquals(List.of(Thread.currentThread(), Thread.currentThread()), ranOn);
    assertEquals(1, full.size());
    assertFalse(full.listenerWaiting());
    assertEquals("m0", full.poll().text());
  }

  @Test
  void aWaitingListenerRunsOnceOnTheThreadThatPuts() throws Exception {
    Inbox inbox = new Inbox(4);
    List<Thread> ranOn = new ArrayList<>();
    inbox.whenReadable(() -> ranOn.add(Thread.currentThread()));
    assertTrue(inbox.listenerWaiting());

    inbox.put(text(0));
    inbox.put(text(1));

    assertEquals(List.of(Thread.currentThread()), ranOn);
    assertFalse(inbox.listenerWaiting());
  }

  @Test
  void aWaitingListenerRunsOnTheThreadThatOffers() throws Exception {
    Inbox inbox = new Inbox(1);
    List<Thread> ranOn = new ArrayList<>();
    inbox.whenReadable(() -> ranOn.add(Thread.currentThread()));

    assertEquals(Inbox.Offer.ADDED_FULL, inbox.offer(text(0)));

    assertEquals(List.of(Thread.currentThread()), ranOn);
  }

  @Test
  void closeAndAbortRunAWaitingListener_andPollThenThrows() {
    Inbox closing = new Inbox(1);
    Inbox aborting = new Inbox(1);
    AtomicInteger runs = new AtomicInteger();
    closing.whenReadable(runs::incrementAndGet);
    aborting.whenReadable(runs::incrementAndGet);

    closing.close(CloseStatus.GOING_AWAY, null);
    aborting.abort(CloseStatus.ABNORMAL_CLOSURE);
    closing.close(CloseStatus.NORMAL, null);

    assertEquals(2, runs.get());
    assertEquals(
        CloseStatus.GOING_AWAY,
        assertThrows(ConnectionClosedException.class, closing::poll).status());
    assertEquals(
        CloseStatus.ABNORMAL_CLOSURE,
        assertThrows(ConnectionClosedException.class, aborting::poll).status());
  }

  @Test
  void aSecondListenerReplacesTheFirst_whichNeverRuns() {
    Inbox inbox = new Inbox(4);
    List<String> ran = new ArrayList<>();

    inbox.whenReadable(() -> ran.add("first"));
    inbox.whenReadable(() -> ran.add("second"));
    inbox.put(text(0));
    inbox.close(CloseStatus.NORMAL, null);

    assertEquals(List.of("second"), ran);
  }

  @Test
  void aListenerRunsOnlyOnce_andOneRegisteredAfterTheCloseRunsAtOnce() {
    Inbox inbox = new Inbox(4);
    List<String> ran = new ArrayList<>();
    inbox.whenReadable(() -> ran.add("first"));
    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);
    inbox.whenReadable(() -> ran.add("second"));
    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);

    assertEquals(List.of("first", "second"), ran);
  }

  @Test
  void theListenerRunsOutsideTheLock_andMayPollOnItsThread() throws Exception {
    Inbox inbox = new Inbox(1);
    List<String> seen = new ArrayList<>();
    inbox.whenReadable(
        () -> {
          try {
            // Another thread can take the lock now: size() would block if the put still held it.
            int size =
                CompletableFuture.supplyAsync(inbox::size).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            seen.add(size + " " + inbox.poll().text());
          } catch (Exception e) {
            throw new AssertionError("the lock was still held while the listener ran", e);
          }
        });

    assertTrue(inbox.put(text(0)));

    assertEquals(List.of("1 m0"), seen);
  }

  @Test
  void aFailingListenerDoesNotBreakThePutOrTheClose() {
    Inbox inbox = new Inbox(2);
    inbox.whenReadable(
        () -> {
          throw new IllegalStateException("the engine's executor is shut down");
        });
    assertTrue(inbox.put(text(0)));
    Inbox closing = new Inbox(2);
    closing.whenReadable(
        () -> {
          throw new IllegalStateException("the engine's executor is shut down");
        });

    assertTrue(closing.close(CloseStatus.NORMAL, null));

    assertEquals(1, inbox.size());
    assertEquals(CloseStatus.NORMAL, closing.closedWith());
  }

  @Test
  void aListenerRunAtOnceThrowsToTheCaller() {
    Inbox inbox = new Inbox(2);
    inbox.put(text(0));
    IllegalStateException failure = new IllegalStateException("boom");

    assertSame(
        failure,
        assertThrows(
            IllegalStateException.class,
            () ->
                inbox.whenReadable(
                    () -> {
                      throw failure;
                    })));
  }

  @Test
  void whenReadableRejectsNull() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new Inbox(1).whenReadable(null));

    assertEquals("listener", e.getMessage());
  }

  /**
   * A producer (putting, or offering with flow control) at full speed and a consumer that only
   * polls, asking to be told when empty, on a pool: nothing lost, reordered or left unannounced (a
   * lost wake-up would leave the consumer idle until the deadline).
   */
  @Test
  void pollingWithTheListenerNeverLosesAWakeUpUnderContention() {
    forEachSeed(20, seed -> pollUnderContention(seed, seed % 2 == 1));
  }

  private static void pollUnderContention(long seed, boolean flowControl) throws Exception {
    Random random = new Random(seed);
    int capacity = 1 + random.nextInt(4);
    int count = 2000;
    Inbox inbox = new Inbox(capacity);
    Semaphore requested = new Semaphore(flowControl ? 1 : 0);
    Runnable roomMade = flowControl ? requested::release : null;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<String> taken = new ArrayList<>();
      CompletableFuture<CloseStatus> end = new CompletableFuture<>();
      Runnable[] pump = new Runnable[1];
      pump[0] =
          () -> {
            try {
              Message m;
              while ((m = inbox.poll(roomMade)) != null) {
                taken.add(m.text());
              }
              inbox.whenReadable(() -> pool.execute(pump[0]));
            } catch (ConnectionClosedException e) {
              end.complete(e.status());
            } catch (RuntimeException e) {
              end.completeExceptionally(e);
            }
          };
      CompletableFuture<Void> producer =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < count; i++) {
                  if (flowControl) {
                    requested.acquireUninterruptibly();
                    if (inbox.offer(text(i)) == Inbox.Offer.ADDED_ROOM_LEFT) {
                      requested.release();
                    }
                  } else {
                    inbox.put(text(i));
                  }
                }
                inbox.close(CloseStatus.NORMAL, null);
              });
      pool.execute(pump[0]);

      assertEquals(CloseStatus.NORMAL, end.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      producer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(count, taken.size());
      for (int i = 0; i < count; i++) {
        assertEquals("m" + i, taken.get(i));
      }
      assertTrue(inbox.highWater() <= capacity);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Under contention

  /**
   * A producer putting and a consumer at full speed, the consumer interrupted at random: nothing
   * lost or reordered, never more than the capacity waiting. Each seed fixes the capacity and the
   * pauses between interrupts.
   */
  @Test
  void interruptsNeverLoseOrReorderUnderContention() {
    forEachSeed(20, seed -> interruptAConsumerUnderContention(seed, false));
  }

  /**
   * The same with a producer that offers only what was requested, as the JDK's listener does (one
   * request at the start, another after each offer with room left or each take that made room):
   * nothing lost or reordered, never more than the capacity waiting, and no request lost (a lost
   * one would leave the producer waiting until the deadline).
   */
  @Test
  void interruptsNeverLoseOrReorderOrLoseARequestUnderFlowControl() {
    forEachSeed(20, seed -> interruptAConsumerUnderContention(seed, true));
  }

  private static void interruptAConsumerUnderContention(long seed, boolean flowControl)
      throws Exception {
    Random random = new Random(seed);
    int count = 5_000;
    int capacity = 1 + random.nextInt(8);
    Inbox inbox = new Inbox(capacity);
    Semaphore requested = new Semaphore(1); // the listener's first request, at open
    List<String> taken = new ArrayList<>(count);
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Void> consumed = new CompletableFuture<>();
    CompletableFuture<Void> produced = new CompletableFuture<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                while (taken.size() < count) {
                  try {
                    taken.add(inbox.take(-1, requested::release).text());
                  } catch (InterruptedException e) {
                    // retry: the message is still there
                  }
                }
                consumed.complete(null);
              } catch (Throwable e) {
                consumed.completeExceptionally(e);
              } finally {
                done.set(true);
              }
            },
            "test-consumer");
    Thread producer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < count; i++) {
                  if (!flowControl) {
                    inbox.put(text(i));
                  } else {
                    requested.acquire();
                    if (inbox.offer(text(i)) == Inbox.Offer.ADDED_ROOM_LEFT) {
                      requested.release();
                    }
                  }
                }
                produced.complete(null);
              } catch (Throwable e) {
                produced.completeExceptionally(e);
              }
            },
            "test-producer");
    consumer.setDaemon(true); // a failure must not leave them behind, waiting forever
    producer.setDaemon(true);
    consumer.start();
    producer.start();
    long deadline = System.nanoTime() + Durations.saturatedNanos(WAIT);
    while (!done.get() && System.nanoTime() - deadline < 0) {
      consumer.interrupt();
      LockSupport.parkNanos(random.nextInt(5_000));
    }
    consumed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    produced.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    for (int i = 0; i < count; i++) {
      if (!taken.get(i).equals("m" + i)) {
        throw new AssertionError("message " + i + " was " + taken.get(i));
      }
    }
    if (inbox.highWater() > capacity) {
      throw new AssertionError(inbox.highWater() + " messages waited; capacity " + capacity);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Stand-ins for the test kit's Await and Seeds

  /** Returns once {@code condition} holds; fails naming {@code what} if it does not within WAIT. */
  private static void awaitUntil(BooleanSupplier condition, String what) {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - start >= WAIT.toNanos()) {
        throw new AssertionError("timed out after " + WAIT + " waiting for: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  @FunctionalInterface
  private interface SeededBody {
    void run(long seed) throws Exception;
  }

  /**
   * Runs {@code body} for seeds 0 to {@code count - 1}, or for the one seed {@code
   * wsengine.test.seed} names; a failure names its seed and how to replay it.
   */
  private static void forEachSeed(int count, SeededBody body) {
    String only = System.getProperty("wsengine.test.seed", "").strip();
    long[] seeds =
        only.isEmpty() ? LongStream.range(0, count).toArray() : new long[] {Long.parseLong(only)};
    for (long seed : seeds) {
      try {
        body.run(seed);
      } catch (Exception | AssertionError e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new AssertionError(
            "failed with seed " + seed + "; replay it alone with -Dwsengine.test.seed=" + seed, e);
      }
    }
  }
}
