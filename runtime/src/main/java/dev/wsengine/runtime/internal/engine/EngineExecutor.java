package dev.wsengine.runtime.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one engine's work runs, and who owns those threads. Every piece of work (a supervisor step,
 * an open attempt, processing messages) is a task handed to {@link #execute}; none is a thread of
 * its own, so an engine whose connection is quiet holds no thread.
 *
 * <p>Two kinds:
 *
 * <ul>
 *   <li><b>owned</b> (an engine built alone): a pool made from the builder's thread factory when
 *       the engine starts ({@link #open()}). It grows with the work and its threads end after
 *       {@link OwnedPool#IDLE_KEEP_ALIVE_SECONDS} without any; {@link #shutdown()} ends it when the
 *       engine stops, and {@link #awaitThreadsEnded} waits for its last thread, so no thread
 *       outlives {@code stop()}.
 *   <li><b>shared</b> (an {@code EngineGroup}'s, or one the user gave the builder): the engine only
 *       submits to it and never shuts it down; its owner does.
 * </ul>
 *
 * <p>Its {@link #timer()} runs the engine's waits in real time (backoff, open timeout) without
 * holding a pool thread: a group's timer for an engine in a group, else one of the engine's own,
 * made with the pool at start and ended with it.
 *
 * <p>Either way this class counts the engine's tasks that were submitted and have not finished
 * ({@link #outstanding()}), and knows which threads are running one right now ({@link
 * #isEngineThread()}, {@link #running()}): that, not thread identity, is what "an engine thread"
 * means once threads are pooled.
 *
 * <p>Threads: every method may be called from any thread. The counters are atomics and the map of
 * running tasks is concurrent: the message path takes no lock here. {@code onQuiet} runs on the
 * thread whose task was the last outstanding one, after it finished.
 */
final class EngineExecutor {
  /** The thread running a task of some engine, and which engine's. */
  private static final ThreadLocal<EngineExecutor> CURRENT = new ThreadLocal<>();

  private final String name;
  private final ThreadFactory threadFactory;

  /** The shared executor, or null for an owned pool. */
  private final Executor shared;

  /** Told when the count of outstanding tasks drops to zero. */
  private final Runnable onQuiet;

  /** The owned pool of the current run; null for a shared executor or before the first start. */
  private volatile OwnedPool pool;

  /** A group's timer, or null for one of the engine's own per run ({@link #timer}). */
  private final EngineTimer sharedTimer;

  /** The timer of the current run: the group's, or the engine's own. */
  private volatile EngineTimer timer;

  private final AtomicInteger outstanding = new AtomicInteger();

  /** Threads running one of this engine's tasks now, and the task's role. */
  private final Map<Thread, String> running = new ConcurrentHashMap<>();

  private final AtomicInteger threadNumbers = new AtomicInteger();

  /**
   * @param name the engine's name ({@code wsengine-3}), which the default factory's threads carry
   * @param threadFactory makes the owned pool's threads; ignored when {@code shared} is given
   * @param shared an executor someone else owns, or null for an owned pool
   * @param sharedTimer a group's timer, or null for the engine's own (made with {@code
   *     threadFactory})
   */
  EngineExecutor(
      String name,
      ThreadFactory threadFactory,
      Executor shared,
      EngineTimer sharedTimer,
      Runnable onQuiet) {
    this.name = name;
    this.threadFactory = threadFactory;
    this.shared = shared;
    this.sharedTimer = sharedTimer;
    this.timer = sharedTimer;
    this.onQuiet = onQuiet;
  }

  /** Whether the threads are this engine's own (and so must be gone once it stops). */
  boolean owned() {
    return shared == null;
  }

  /** At start: makes the owned pool and the own timer for this run, where the engine has them. */
  void open() {
    if (shared == null) {
      pool = new OwnedPool(name + "-worker-", threadNumbers, threadFactory, "the engine's");
    }
    if (sharedTimer == null) {
      timer = new EngineTimer(name + "-timer", threadFactory, "the engine's");
    }
  }

  /** The timer of the current run (valid from {@link #open()}): where the engine's waits run. */
  EngineTimer timer() {
    return timer;
  }

  /**
   * Runs {@code body} as one of this engine's tasks.
   *
   * @param role what the task does, as {@code EngineStopException} names it ({@code supervisor},
   *     {@code open-2}, {@code messages})
   * @throws java.util.concurrent.RejectedExecutionException if the executor refused it (shut down,
   *     or its thread factory failed); the task then does not count as outstanding
   */
  void execute(String role, Runnable body) {
    Executor target = shared != null ? shared : pool;
    outstanding.incrementAndGet();
    try {
      target.execute(() -> run(role, body));
    } catch (RuntimeException | Error e) {
      finished();
      throw e;
    }
  }

  private void run(String role, Runnable body) {
    Thread me = Thread.currentThread();
    EngineExecutor outer = CURRENT.get();
    CURRENT.set(this);
    running.put(me, role);
    try {
      body.run();
    } finally {
      running.remove(me);
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer); // a user's executor that runs tasks inline (directExecutor)
      }
      finished();
    }
  }

  private void finished() {
    if (outstanding.decrementAndGet() == 0) {
      onQuiet.run();
    }
  }

  /** Tasks submitted and not yet finished. */
  int outstanding() {
    return outstanding.get();
  }

  /** Whether the calling thread is running one of this engine's tasks. */
  boolean isEngineThread() {
    return CURRENT.get() == this;
  }

  /** The threads running this engine's tasks now, each with its task's role. */
  List<Map.Entry<Thread, String>> running() {
    return new ArrayList<>(running.entrySet());
  }

  /** When the engine has stopped: lets the owned pool's threads and its own timer's end. */
  void shutdown() {
    OwnedPool current = pool;
    if (current != null) {
      current.shutdown();
    }
    EngineTimer own = sharedTimer == null ? timer : null;
    if (own != null) {
      own.shutdown();
    }
  }

  /**
   * Waits until every thread of the owned pool has ended; at once for a shared executor.
   *
   * @return false if that did not happen by {@code deadlineNanos} ({@link System#nanoTime()})
   */
  boolean awaitThreadsEnded(long deadlineNanos) throws InterruptedException {
    OwnedPool current = pool;
    EngineTimer own = sharedTimer == null ? timer : null;
    return (current == null || current.awaitThreadsEnded(deadlineNanos))
        && (own == null || own.awaitThreadEnded(deadlineNanos));
  }

  /** The owned pool's and own timer's threads still alive, for a stop that timed out. */
  List<Thread> livePoolThreads() {
    List<Thread> live = new ArrayList<>();
    OwnedPool current = pool;
    if (current != null) {
      live.addAll(current.liveThreads());
    }
    EngineTimer own = sharedTimer == null ? timer : null;
    if (own != null) {
      live.addAll(own.liveThreads());
    }
    return live;
  }

  @Override
  public String toString() {
    return name + (shared == null ? " (own threads)" : " on " + shared);
  }
}
