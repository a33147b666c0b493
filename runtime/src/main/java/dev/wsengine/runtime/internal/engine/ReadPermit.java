package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.Pause;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read permit: whoever holds it is the only thread that reads from the connection. The message
 * pump takes it for one {@code poll()} (which never blocks) and gives it back before dispatching,
 * so reads are serialized while processing is concurrent. A {@link Pause} is the permit held by a
 * user thread.
 *
 * <p>Pauses come first: while a pause waits, the pump does not take the permit. Since the pump
 * holds it only for a non-blocking poll (or an {@code @OnReadError}), a pause waits at most that
 * long, even on a silent connection. The pump never waits for the permit either: {@link
 * #tryAcquireToRead} says no and remembers a listener, which runs once the permit is free again.
 *
 * <p>Reentrant per thread: a thread that holds the permit (the pump inside {@code @OnReadError}, or
 * a thread that already paused) gets a nested hold at once instead of waiting for itself.
 *
 * <p>Threading: every field is guarded by {@code lock}. No I/O, no handler code and no listener
 * runs while it is held.
 */
final class ReadPermit {
  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when the permit is given back, or at shutdown. */
  private final Condition changed = lock.newCondition();

  /** The thread holding the permit, or null when it is free. */
  @GuardedBy("lock")
  private Thread owner;

  /**
   * How many holds {@link #owner} has: one for the pump's poll, one per open pause, one per
   * receive() in progress.
   */
  @GuardedBy("lock")
  private int holds;

  /** Open pauses; all of them are holds of {@link #owner}. */
  @GuardedBy("lock")
  private int pauses;

  @GuardedBy("lock")
  private int pausersWaiting;

  /** What to run once the permit is free and no pause waits: the pump's wake-up; or null. */
  @GuardedBy("lock")
  private Runnable whenFree;

  /** Set when the engine stops; pauses then fail instead of waiting. */
  @GuardedBy("lock")
  private boolean shutdown = true;

  /**
   * Counts engine runs, so that a {@link Pause} left open from an earlier run cannot release a hold
   * of this one.
   */
  @GuardedBy("lock")
  private int run;

  /** Called by the engine as it starts: forgets any pause left over from an earlier run. */
  void open() {
    lock.lock();
    try {
      run++;
      owner = null;
      holds = 0;
      pauses = 0;
      whenFree = null;
      shutdown = false;
    } finally {
      lock.unlock();
    }
  }

  /** Called by the engine as it stops: waiting pauses fail, later ones are refused. */
  void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      whenFree = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Pump: takes the permit to poll, if it is free and no pause waits for it. If not, {@code onFree}
   * runs (once, on the thread that frees it) when it is; a later call replaces it.
   */
  boolean tryAcquireToRead(Runnable onFree) {
    lock.lock();
    try {
      if (owner != null || pausersWaiting > 0) {
        whenFree = onFree;
        return false;
      }
      owner = Thread.currentThread();
      holds = 1;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Pump: gives back its hold, taken by {@link #tryAcquireToRead}. */
  void release() {
    Runnable wake;
    lock.lock();
    try {
      wake = releaseHold();
    } finally {
      lock.unlock();
    }
    if (wake != null) {
      wake.run();
    }
  }

  /** Gives back one hold; returns the listener to run (after unlocking) if the permit is free. */
  @GuardedBy("lock")
  private Runnable releaseHold() {
    holds--;
    if (holds > 0) {
      return null;
    }
    owner = null;
    if (pausersWaiting > 0) {
      changed.signalAll();
      return null;
    }
    Runnable wake = whenFree;
    whenFree = null;
    return wake;
  }

  /**
   * Takes the permit for the calling thread until the returned pause is closed. Waits only while
   * the pump polls or runs {@code @OnReadError}.
   *
   * @throws IllegalStateException if the engine is stopped, or stops while this waits
   */
  Pause pause() {
    Thread me = Thread.currentThread();
    lock.lock();
    try {
      checkNotShutdown();
      if (owner != me) {
        pausersWaiting++;
        try {
          while (owner != null) {
            changed.awaitUninterruptibly();
            checkNotShutdown();
          }
        } finally {
          pausersWaiting--;
        }
        owner = me;
      }
      holds++;
      pauses++;
      return new Hold(run);
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private void checkNotShutdown() {
    if (shutdown) {
      throw new IllegalStateException("cannot pause: the engine is not running");
    }
  }

  /**
   * Before {@code receive()}: whether the calling thread holds the permit through an open pause. If
   * so, the read takes a hold of its own until {@link #endReceive}, so that closing the pause from
   * another thread meanwhile cannot let the pump read while this read is still blocked.
   *
   * @return a token for {@link #endReceive}, or -1 if the caller does not hold a pause
   */
  int beginReceive() {
    lock.lock();
    try {
      if (owner != Thread.currentThread() || pauses == 0) {
        return -1;
      }
      holds++;
      return run;
    } finally {
      lock.unlock();
    }
  }

  /** After a {@code receive()} that {@link #beginReceive()} let through with {@code token}. */
  void endReceive(int token) {
    Runnable wake = null;
    lock.lock();
    try {
      if (token == run) { // else the engine was restarted meanwhile and open() dropped the hold
        wake = releaseHold();
      }
    } finally {
      lock.unlock();
    }
    if (wake != null) {
      wake.run();
    }
  }

  private final class Hold implements Pause {
    private final int heldInRun;

    /** Guarded by the permit's lock. */
    private boolean closed;

    Hold(int heldInRun) {
      this.heldInRun = heldInRun;
    }

    @Override
    public void close() {
      Runnable wake = null;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        if (heldInRun != run) {
          return; // the engine was restarted since; open() already dropped this hold
        }
        pauses--;
        wake = releaseHold();
      } finally {
        lock.unlock();
      }
      if (wake != null) {
        wake.run();
      }
    }

    @Override
    public String toString() {
      return "Pause";
    }
  }
}
