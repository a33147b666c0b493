package dev.wsengine.runtime.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of threads that wsengine owns and must leave nothing of: an engine's own pool, or an
 * {@code EngineGroup}'s. It starts a thread for every task no idle thread takes (tasks may wait, so
 * they are never queued behind each other), keeps an idle thread {@link #IDLE_KEEP_ALIVE_SECONDS},
 * and so holds no thread while there is no work. {@link #shutdown()} then {@link
 * #awaitThreadsEnded} ends it: the latter waits until each thread it made has <em>ended</em>, not
 * only until the pool counts as terminated (which it does a moment before its last thread is gone).
 *
 * <p>Threads: every method may be called from any thread, also from one of the pool's own.
 */
public final class OwnedPool implements Executor {
  /** How long a thread waits for work before it ends. */
  public static final long IDLE_KEEP_ALIVE_SECONDS = 10;

  private final ThreadPoolExecutor pool;

  /** The threads the pool made and nobody has seen end yet. */
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  /**
   * @param namePrefix the threads' names without their number ({@code wsengine-3-worker-}), as
   *     {@link EngineThreads#DEFAULT} names them and a factory of the user's sees in {@code
   *     toString()}
   * @param numbers numbers the threads; shared by the pools of one engine's runs
   * @param factory makes the threads
   * @param owner who made the factory, for the error when it returns null ({@code the engine's})
   */
  public OwnedPool(String namePrefix, AtomicInteger numbers, ThreadFactory factory, String owner) {
    this.pool =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            IDLE_KEEP_ALIVE_SECONDS,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            worker -> {
              Thread thread =
                  factory.newThread(
                      EngineThreads.named(namePrefix + numbers.incrementAndGet(), worker));
              if (thread == null) {
                throw new IllegalStateException(owner + " thread factory returned null");
              }
              threads.add(thread);
              return thread;
            });
  }

  /**
   * Runs {@code task} on an idle thread or a new one.
   *
   * @throws java.util.concurrent.RejectedExecutionException once shut down
   * @throws RuntimeException what the thread factory threw
   */
  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** Takes no more tasks; the threads end once their current task has returned. */
  public void shutdown() {
    pool.shutdown();
  }

  /**
   * After {@link #shutdown()}: waits until every thread of the pool has ended (the calling thread
   * aside, if it is one of them).
   *
   * @return false if that did not happen by {@code deadlineNanos} ({@link System#nanoTime()})
   */
  public boolean awaitThreadsEnded(long deadlineNanos) throws InterruptedException {
    if (!pool.awaitTermination(
        Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      return false;
    }
    return joinAll(threads, deadlineNanos);
  }

  /**
   * Waits until each of {@code made} has ended (the calling thread aside), removing those that did;
   * the pool's and {@link EngineTimer}'s way of leaving no thread behind.
   *
   * @return false if that did not happen by {@code deadlineNanos} ({@link System#nanoTime()})
   */
  static boolean joinAll(Set<Thread> made, long deadlineNanos) throws InterruptedException {
    for (Thread thread : List.copyOf(made)) {
      if (thread == Thread.currentThread()) {
        continue;
      }
      while (thread.isAlive()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // join(millis) waits at least 1 ms; round up so a short wait is not a busy loop.
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      made.remove(thread);
    }
    return true;
  }

  /** The pool's threads still alive, for a stop that timed out. */
  public List<Thread> liveThreads() {
    List<Thread> live = new ArrayList<>();
    for (Thread thread : threads) {
      if (thread.isAlive()) {
        live.add(thread);
      }
    }
    return live;
  }

  @Override
  public String toString() {
    return "OwnedPool[" + pool.getPoolSize() + " threads, " + pool.getActiveCount() + " busy]";
  }
}
