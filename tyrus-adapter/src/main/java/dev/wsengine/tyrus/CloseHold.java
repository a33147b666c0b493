package dev.wsengine.tyrus;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds back the close Tyrus is about to make, so that the replies to the messages that arrived
 * before it can still be sent.
 *
 * <p>Why this works: when Tyrus reads the server's close frame or a frame that breaks the protocol,
 * it calls {@code Endpoint.onClose} on the Grizzly worker that read it, from {@code
 * TyrusWebSocket.onClose}, <em>before</em> it moves the socket out of CONNECTED, writes its own
 * close frame and closes the socket. While that thread waits in {@link #await}, Tyrus's remote
 * endpoint still sends (it checks the socket's state, not the session's), so a reply returned by
 * {@code @OnMessage} for a message handed out before the close goes out before Tyrus's close frame.
 * The engine calls {@code close} or {@code abort} once its readers have processed those messages
 * and {@code @OnClose} has run, which {@link #release}s the hold; a deadline bounds it for a user
 * that never closes.
 *
 * <p>States: open, then holding ({@link #begin}), then released ({@link #release}, or the
 * deadline), or open then released directly; released is final, so a hold begun after a release
 * (our own close came first) does not wait.
 *
 * <p>Threads: {@link #begin} and {@link #await} are called by the Grizzly worker that found the end
 * (running Tyrus's {@code onClose}, or the frame guard's protocol error), once; a later {@link
 * #begin} finds the hold released and does not wait; {@link #release} by any thread, any number of
 * times; {@link #holding} by senders. Both fields are guarded by {@link #lock}; nothing but field
 * updates and the wait happens under it. The waiting thread holds Tyrus's per-socket close lock
 * ({@code TyrusWebSocket.lock}), which only Tyrus's own {@code onClose} takes (with {@code
 * tryLock}), and no lock of ours: a release never waits for it, so {@code close}/{@code abort}
 * (stop, restart) end the hold at once.
 */
final class CloseHold {
  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled on release. */
  private final Condition releasedCondition = lock.newCondition();

  /** Tyrus's thread waits in onClose: the connection still sends. */
  @GuardedBy("lock")
  private boolean holding;

  /** Final: no hold begins or lasts once set. */
  @GuardedBy("lock")
  private boolean released;

  /**
   * Starts holding: sends are allowed from now on until the hold ends.
   *
   * @return false if released already: then there is nothing to hold for
   */
  boolean begin() {
    lock.lock();
    try {
      holding = !released;
      return holding;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@link #release} or {@code timeoutNanos} elapsed, then ends the hold. An interrupt
   * (Grizzly tearing its transport down) ends the wait too; the interrupt status is kept.
   *
   * @return whether the hold was released, rather than timed out or interrupted
   */
  boolean await(long timeoutNanos) {
    lock.lock();
    try {
      boolean wasReleased = awaitRelease(timeoutNanos);
      released = true;
      holding = false;
      return wasReleased;
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private boolean awaitRelease(long timeoutNanos) {
    long left = timeoutNanos;
    try {
      while (!released && left > 0) {
        left = releasedCondition.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return released;
  }

  /** Ends the hold, or keeps one from beginning. Any thread; idempotent; never blocks for long. */
  void release() {
    lock.lock();
    try {
      released = true;
      holding = false;
      releasedCondition.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether a close is being held back: the connection is closed for reads but still sends. */
  boolean holding() {
    lock.lock();
    try {
      return holding;
    } finally {
      lock.unlock();
    }
  }
}
