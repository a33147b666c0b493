package dev.wsengine.tyrus;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one timer thread of a {@link TyrusTransport}, shared by its connections for keepalive pings
 * and pong deadlines. It exists only while some connection uses it: the first {@link #acquire}
 * starts it, the last {@link #release} stops it, so a stopped engine leaves no thread behind.
 *
 * <p>Threads: any. {@link #lock} guards the executor and the count of users; tasks run on the timer
 * thread and must not block (they only send a ping, or mark a connection dead).
 */
final class KeepaliveScheduler {
  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

  private final Object lock = new Object();

  @GuardedBy("lock")
  private ScheduledThreadPoolExecutor executor;

  @GuardedBy("lock")
  private int users;

  /** The timer, started if needed; each call must be paired with one {@link #release}. */
  ScheduledExecutorService acquire() {
    synchronized (lock) {
      if (executor == null) {
        ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(
                1,
                task -> {
                  Thread thread =
                      new Thread(
                          task, "wsengine-tyrus-keepalive-" + THREAD_NUMBERS.incrementAndGet());
                  thread.setDaemon(
                      true); // the engine's own threads keep the JVM alive, not this one
                  return thread;
                });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor = timer;
      }
      users++;
      return executor;
    }
  }

  /** Gives back one {@link #acquire}; the last one stops the timer thread. */
  void release() {
    synchronized (lock) {
      if (users == 0) {
        throw new IllegalStateException("release() without acquire()");
      }
      if (--users == 0) {
        executor.shutdownNow();
        executor = null;
      }
    }
  }

  /** Whether the timer thread is running (for tests). */
  boolean isRunning() {
    synchronized (lock) {
      return executor != null;
    }
  }
}
