package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.Seeds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The hand-off alone: bounds, order, closing, interrupts, under contention. */
class InboxTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Message text(int i) {
    return Message.text("m" + i);
  }

  @Test
  void putWaitsWhileFullAndTakeMakesRoom() throws Exception {
    Inbox inbox = new Inbox(2);
    inbox.put(text(0));
    inbox.put(text(1));
    CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> inbox.put(text(2)));

    Await.until(inbox::producerParked, WAIT, "the producer to wait for room");
    assertThat(third.isDone()).isFalse();
    assertThat(inbox.take(-1).text()).isEqualTo("m0");

    assertThat(third.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(inbox.take(-1).text()).isEqualTo("m1");
    assertThat(inbox.take(-1).text()).isEqualTo("m2");
    assertThat(inbox.producerParked()).isFalse();
  }

  @Test
  void closeHandsOutWhatCameBeforeThenThrowsTheStatus() throws Exception {
    Inbox inbox = new Inbox(4);
    inbox.put(text(0));
    CloseStatus status = CloseStatus.received(4000, "bye");

    assertThat(inbox.close(status, null)).isTrue();
    assertThat(inbox.close(CloseStatus.NORMAL, null)).isFalse(); // the first status stays

    assertThat(inbox.take(-1).text()).isEqualTo("m0");
    assertThat(assertThrows(ConnectionClosedException.class, () -> inbox.take(-1)).status())
        .isEqualTo(status);
    assertThat(inbox.put(text(1))).isFalse();
  }

  @Test
  void closeReleasesAParkedProducerAndDropsItsMessage() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.put(text(0));
    CompletableFuture<Boolean> parked = CompletableFuture.supplyAsync(() -> inbox.put(text(1)));
    Await.until(inbox::producerParked, WAIT, "the producer to wait for room");

    inbox.close(CloseStatus.NORMAL, null);

    assertThat(parked.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    assertThat(inbox.take(-1).text()).isEqualTo("m0");
    assertThrows(ConnectionClosedException.class, () -> inbox.take(-1));
  }

  @Test
  void abortDropsEverythingAndKeepsAnEarlierStatus() {
    Inbox inbox = new Inbox(4);
    inbox.put(text(0));
    inbox.close(CloseStatus.received(4001, "first"), null);

    inbox.abort(CloseStatus.ABNORMAL_CLOSURE);

    assertThat(inbox.size()).isEqualTo(0);
    assertThat(assertThrows(ConnectionClosedException.class, () -> inbox.take(-1)).status())
        .isEqualTo(CloseStatus.received(4001, "first"));
  }

  @Test
  void timedTakeReturnsNullWhenNothingArrives() throws Exception {
    Inbox inbox = new Inbox(1);

    assertThat(inbox.take(TimeUnit.MILLISECONDS.toNanos(20))).isNull();
    assertThat(inbox.take(0)).isNull();
    inbox.put(text(0));
    assertThat(inbox.take(0).text()).isEqualTo("m0");
  }

  @Test
  void interruptedTakeThrowsAndTakesNothing() throws Exception {
    Inbox inbox = new Inbox(1);
    inbox.put(text(0));

    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> inbox.take(-1));

    assertThat(inbox.take(-1).text()).isEqualTo("m0");
  }

  /**
   * A producer and a consumer at full speed, the consumer interrupted at random: nothing lost or
   * reordered. Each seed fixes the capacity and the pauses between interrupts ({@link Seeds}).
   */
  @Test
  void interruptsNeverLoseOrReorderUnderContention() {
    Seeds.forEach(20, InboxTest::interruptAConsumerUnderContention);
  }

  private static void interruptAConsumerUnderContention(long seed) throws Exception {
    Random random = new Random(seed);
    int count = 5_000;
    Inbox inbox = new Inbox(1 + random.nextInt(8));
    List<String> taken = new ArrayList<>(count);
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Void> consumed = new CompletableFuture<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                while (taken.size() < count) {
                  try {
                    taken.add(inbox.take(-1).text());
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
              for (int i = 0; i < count; i++) {
                inbox.put(text(i));
              }
            },
            "test-producer");
    consumer.start();
    producer.start();
    while (!done.get()) {
      consumer.interrupt();
      LockSupport.parkNanos(random.nextInt(5_000));
    }
    consumed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    producer.join(WAIT.toMillis());

    for (int i = 0; i < count; i++) {
      if (!taken.get(i).equals("m" + i)) {
        throw new AssertionError("message " + i + " was " + taken.get(i));
      }
    }
  }
}
