package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.Pause;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The read permit: whoever holds it is the only thread that reads from the connection. Readers take
 * it for one read and give it back before dispatching, so reads are serialized while processing is
 * concurrent. A {@link Pause} is the permit held by a user thread.
 *
 * <p>Pauses come first: while a pause waits, no reader takes the permit, and a reader blocked in
 * {@code read} is interrupted, which the transport SPI guarantees loses no message. That is what
 * makes {@link #pause()} prompt on a silent connection.
 *
 * <p>Reentrant per thread: a thread that holds the permit (a reader inside {@code @OnReadError}, or
 * a thread that already paused) gets a nested hold at once instead of waiting for itself.
 *
 * <p>Threading: every field is guarded by {@code lock}. No I/O and no handler code runs while it is
 * held; the only foreign call under it is {@link Thread#interrupt()}, which must happen under it so
 * that {@link #readReturned()} can tell whether an interrupt is still on its way.
 */
final class ReadPermit {
  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when the permit is given back, a pause waits, a session ends, or at shutdown. */
  private final Condition changed = lock.newCondition();

  /** The thread holding the permit, or null when it is free. */
  @GuardedBy("lock")
  private Thread owner;

  /**
   * How many holds {@link #owner} has: one for a reader's read, one per open pause, one per
   * receive() in progress.
   */
  @GuardedBy("lock")
  private int holds;

  /** Open pauses; all of them are holds of {@link #owner}. */
  @GuardedBy("lock")
  private int pauses;

  /** While the owner is a reader blocked in {@code read}: its session; null otherwise. */
  @GuardedBy("lock")
  private Session reading;

  /** Whether we interrupted the owner's read and it has not yet come back. */
  @GuardedBy("lock")
  private boolean interruptSent;

  @GuardedBy("lock")
  private int pausersWaiting;

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
      reading = null;
      interruptSent = false;
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
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reader: waits for the permit to read for {@code session}.
   *
   * @return false if the session ended first; the caller then leaves without reading
   */
  boolean acquireToRead(Session session) {
    lock.lock();
    try {
      while (!session.isEnding() && (owner != null || pausersWaiting > 0)) {
        changed.awaitUninterruptibly();
      }
      if (session.isEnding()) {
        return false;
      }
      owner = Thread.currentThread();
      holds = 1;
      reading = session;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reader: its {@code read} returned or threw; it still holds the permit (to run
   * {@code @OnReadError} under it). Clears an interrupt we sent that arrived after the read had
   * already got its message, so it cannot leak into handler code.
   */
  void readReturned() {
    lock.lock();
    try {
      clearRead();
    } finally {
      lock.unlock();
    }
  }

  /** Reader: gives back its hold, taken by {@link #acquireToRead}. */
  void release() {
    lock.lock();
    try {
      clearRead();
      releaseHold();
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private void clearRead() {
    reading = null;
    if (interruptSent) {
      interruptSent = false;
      // Our interrupt was delivered under the lock, so it is either consumed or pending now.
      Thread.interrupted();
    }
  }

  @GuardedBy("lock")
  private void releaseHold() {
    holds--;
    if (holds > 0) {
      return;
    }
    owner = null;
    if (pausersWaiting > 0) {
      changed.signalAll();
    } else {
      // Only readers wait, and any one of them may take it.
      changed.signal();
    }
  }

  /**
   * Wakes a reader of {@code session} blocked in {@code read}, and every reader waiting for the
   * permit, because the session is ending. The caller has marked it ending first.
   */
  void sessionEnding(Session session) {
    lock.lock();
    try {
      if (reading == session) {
        interruptOwner();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private void interruptOwner() {
    if (!interruptSent) {
      interruptSent = true;
      owner.interrupt();
    }
  }

  /**
   * Takes the permit for the calling thread until the returned pause is closed. Waits until no
   * reader is reading, waking one blocked in {@code read}.
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
            if (reading != null) {
              interruptOwner();
            }
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
   * another thread meanwhile cannot let a reader read while this read is still blocked.
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
    lock.lock();
    try {
      if (token == run) { // else the engine was restarted meanwhile and open() dropped the hold
        releaseHold();
      }
    } finally {
      lock.unlock();
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
        releaseHold();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String toString() {
      return "Pause";
    }
  }
}
