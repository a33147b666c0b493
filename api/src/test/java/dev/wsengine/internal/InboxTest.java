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
