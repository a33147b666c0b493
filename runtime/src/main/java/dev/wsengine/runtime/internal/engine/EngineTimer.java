package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.spi.EngineClock;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The real-time timer of an engine or a group ({@link EngineClock.Timer}): runs each wake-up of a
 * backoff or an open timeout on one thread, which the timer starts when a wake-up is scheduled and
 * which ends {@link #LINGER_NANOS} after the last one ran or was cancelled. So an engine that is
 * connected (or a group of ten thousand) holds no timer thread, and a reconnect that follows a
 * backoff within the linger reuses the thread. The tasks it runs only hand work to the engine's
 * executor, so one thread serves any number of engines.
 *
 * <p>Threads: {@link #schedule}, {@link #shutdown()} and cancelling may be called from any thread.
 * {@link #lock} guards the queue, the thread and the shutdown flag; a task runs without it.
 */
public final class EngineTimer implements EngineClock.Timer {
  /** How long the thread waits for a new wake-up once none is left before it ends. */
  static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String threadName;
  private final ThreadFactory factory;
  private final String owner;
  private final AtomicInteger sequence = new AtomicInteger();

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when a wake-up is added or cancelled, and at shutdown. */
  private final Condition changed = lock.newCondition();

  @GuardedBy("lock")
  private final PriorityQueue<Wakeup> queue = new PriorityQueue<>();

  /** The timer's thread while it runs; null when none does. */
  @GuardedBy("lock")
  private Thread thread;

  /**
   * The threads the timer started and nobody has seen end: {@link #awaitThreadEnded} joins them.
   */
  private final Set<Thread> started = ConcurrentHashMap.newKeySet();

  @GuardedBy("lock")
  private boolean shutdown;

  /**
   * @param threadName the name the default factory gives the thread ({@code wsengine-3-timer})
   * @param factory makes the thread
   * @param owner whose factory it is, for the error when it returns null ({@code the engine's})
   */
  public EngineTimer(String threadName, ThreadFactory factory, String owner) {
    this.threadName = threadName;
    this.factory = factory;
    this.owner = owner;
  }

  /** One scheduled task. Ordered by deadline, then by when it was scheduled. */
  private final class Wakeup implements Comparable<Wakeup>, EngineClock.Cancellable {
    final long deadline;
    final int order;
    final Runnable task;

    Wakeup(long deadline, int order, Runnable task) {
      this.deadline = deadline;
      this.order = order;
      this.task = task;
    }

    @Override
    public int compareTo(Wakeup other) {
      int byTime = Long.compare(deadline - other.deadline, 0);
      return byTime != 0 ? byTime : Integer.compare(order, other.order);
    }

    @Override
    public void cancel() {
      lock.lock();
      try {
        if (queue.remove(this)) {
          changed.signalAll(); // the thread may end sooner: it lingers from now
        }
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public EngineClock.Cancellable schedule(long delayNanos, Runnable task) {
    Wakeup wakeup =
        new Wakeup(System.nanoTime() + Math.max(0, delayNanos), sequence.getAndIncrement(), task);
    lock.lock();
    try {
      if (shutdown) {
        throw new RejectedExecutionException(threadName + " is shut down");
      }
      queue.add(wakeup);
      if (thread == null) {
        Thread made = factory.newThread(EngineThreads.named(threadName, this::loop));
        if (made == null) {
          throw new IllegalStateException(owner + " thread factory returned null");
        }
        started.add(made);
        thread = made;
        made.start();
      } else {
        changed.signalAll();
      }
    } catch (RuntimeException | Error e) {
      queue.remove(wakeup);
      throw e;
    } finally {
      lock.unlock();
    }
    return wakeup;
  }

  /**
   * The thread's body: runs due wake-ups until none is left for the linger, or shutdown. An
   * interrupt (nobody sends one but a thread factory's own code) is ignored: ending here would
   * leave the pending wake-ups without a thread.
   */
  private void loop() {
    while (true) {
      Wakeup due = null;
      lock.lock();
      try {
        long idleSince = System.nanoTime();
        while (due == null) {
          if (shutdown) {
            thread = null;
            return;
          }
          Wakeup head = queue.peek();
          long now = System.nanoTime();
          if (head == null) {
            long left = LINGER_NANOS - (now - idleSince);
            if (left <= 0) {
              thread = null;
              return;
            }
            awaitQuietly(left);
          } else if (head.deadline - now <= 0) {
            due = queue.poll();
          } else {
            idleSince = now;
            awaitQuietly(head.deadline - now);
          }
        }
      } finally {
        lock.unlock();
      }
      try {
        due.task.run();
      } catch (RuntimeException e) {
        System.getLogger("dev.wsengine.runtime")
            .log(System.Logger.Level.ERROR, threadName + ": a wake-up failed", e);
      }
    }
  }

  @GuardedBy("lock")
  @SuppressWarnings("WaitNotInLoop") // loop() is the loop: it re-checks the queue after each wait
  private void awaitQuietly(long nanos) {
    try {
      changed.awaitNanos(nanos);
    } catch (InterruptedException e) {
      // See loop(): the caller re-checks the queue and waits again.
    }
  }

  /** Takes no more wake-ups and drops those pending; the thread ends at once. */
  public void shutdown() {
    lock.lock();
    try {
      shutdown = true;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * After {@link #shutdown()}: waits until the timer's thread has ended (at once if it is the
   * calling thread, or there is none).
   *
   * @return false if that did not happen by {@code deadlineNanos} ({@link System#nanoTime()})
   */
  public boolean awaitThreadEnded(long deadlineNanos) throws InterruptedException {
    return OwnedPool.joinAll(started, deadlineNanos);
  }

  /** The timer's threads still alive (one, or a moment after a restart two): for a stuck stop. */
  public List<Thread> liveThreads() {
    started.removeIf(made -> !made.isAlive());
    return List.copyOf(started);
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return threadName
          + "["
          + queue.size()
          + " pending"
          + (thread == null ? ", no thread" : "")
          + "]";
    } finally {
      lock.unlock();
    }
  }
}
