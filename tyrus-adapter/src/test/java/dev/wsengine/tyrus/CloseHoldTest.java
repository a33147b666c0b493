package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ends of a {@link CloseHold} that the end-to-end tests cannot make on demand: an interrupt of
 * the held Grizzly worker (Grizzly tearing its transport down), and a hold begun after the release.
 */
class CloseHoldTest {
  @Test
  void interruptEndsTheWaitAndTheHoldAndIsKept() throws Exception {
    CloseHold hold = new CloseHold();
    assertThat(hold.begin()).isTrue();
    assertThat(hold.holding()).isTrue();

    Thread.currentThread().interrupt();
    boolean released;
    try {
      released = hold.await(TimeUnit.MINUTES.toNanos(1));
    } finally {
      assertThat(Thread.interrupted()).isTrue(); // kept for Grizzly, cleared here for the next test
    }

    assertThat(released).isFalse(); // interrupted, not released
    assertThat(hold.holding()).isFalse();
    assertThat(hold.begin()).isFalse(); // the hold is over for good
  }

  @Test
  void holdBegunAfterTheReleaseDoesNotWait() {
    CloseHold hold = new CloseHold();
    hold.release();

    assertThat(hold.begin()).isFalse();
    assertThat(hold.holding()).isFalse();
    assertThat(hold.await(TimeUnit.MINUTES.toNanos(1))).isTrue(); // returns at once: released
  }
}
