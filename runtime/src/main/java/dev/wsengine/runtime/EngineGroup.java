package dev.wsengine.runtime;

import dev.wsengine.internal.Durations;
import dev.wsengine.runtime.internal.engine.EngineThreads;
import dev.wsengine.runtime.internal.engine.EngineTimer;
import dev.wsengine.runtime.internal.engine.OwnedPool;
import dev.wsengine.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Engines that share one pool of threads and one transport: the way to hold hundreds or thousands
 * of connections in one JVM. An engine built with {@link WebSocketEngine.Builder#group} runs all
 * its work (processing messages, opening, closing, reconnecting) as tasks on the group's pool and
 * dials through the group's transport (one Tyrus container or one JDK {@code HttpClient} for all),
 * so an idle engine costs no thread at all; the pool grows with the work in flight and shrinks when
 * it is done.
 *
 * <pre>{@code
 * try (EngineGroup group = EngineGroup.create()) {
 *   for (URI feed : feeds) {
 *     WebSocketEngine.builder(feed, new FeedHandler()).group(group).build().start();
 *   }
 *   ...
 * } // stops every engine of the group, then ends its threads
 * }</pre>
 *
 * <p>Threads: every method may be called from any thread. {@link #close()} from inside a callback
 * of one of the group's engines cannot wait for that engine: like {@code stop()} there, it starts
 * the stop and the group's threads end once the callback returns.
 */
public final class EngineGroup implements AutoCloseable {
  private static final AtomicInteger GROUP_NUMBERS = new AtomicInteger();

  private final String name;
  private final Executor executor;

  /** The group's own pool, which {@link #close()} ends; null when the user gave the executor. */
  private final OwnedPool pool;

  /** Runs the engines' waits in real time (backoff, open timeouts); {@link #close()} ends it. */
  private final EngineTimer timer;

  private final Transport givenTransport;
  private final Duration stopTimeout;
  private final Set<WebSocketEngine> engines = ConcurrentHashMap.newKeySet();

  /** Guarded by this. Found on first use, when no transport was given. */
  private Transport foundTransport;

  private volatile boolean closed;

  private EngineGroup(Builder b) {
    this.name = "wsengine-group-" + GROUP_NUMBERS.incrementAndGet();
    this.givenTransport = b.transport;
    this.stopTimeout = b.stopTimeout;
    ThreadFactory factory = b.threadFactory != null ? b.threadFactory : EngineThreads.DEFAULT;
    if (b.executor != null) {
      this.executor = b.executor;
      this.pool = null;
    } else {
      this.pool = new OwnedPool(name + "-worker-", new AtomicInteger(), factory, "the group's");
      this.executor = pool;
    }
    this.timer = new EngineTimer(name + "-timer", factory, "the group's");
  }

  /** A group with its own pool of platform threads and the transport found on the class path. */
  public static EngineGroup create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The transport its engines dial through, unless an engine's builder names another. */
  Transport transport() {
    if (givenTransport != null) {
      return givenTransport;
    }
    synchronized (this) {
      if (foundTransport == null) {
        foundTransport = WebSocketEngine.Builder.findTransport();
      }
      return foundTransport;
    }
  }

  Executor executor() {
    checkOpen();
    return executor;
  }

  EngineTimer timer() {
    return timer;
  }

  void add(WebSocketEngine engine) {
    checkOpen();
    engines.add(engine);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed; build engines into a new group");
    }
  }

  /** The engines built into this group and not yet closed with it; a snapshot. */
  public List<WebSocketEngine> engines() {
    return List.copyOf(engines);
  }

  /**
   * Stops every engine of the group, all at once, and waits until they have stopped and the group's
   * own threads have ended, at most the group's stop timeout; later builds into the group fail.
   * Idempotent.
   *
   * @throws EngineStopException naming the engines (and what they are stuck in) or threads still
   *     running when the stop timeout passed
   */
  @Override
  public void close() {
    closed = true;
    List<WebSocketEngine> stopping = new ArrayList<>(engines);
    boolean fromCallback = false;
    for (WebSocketEngine engine : stopping) {
      engine.exit(); // all at once: each closes its session in parallel with the others
      fromCallback |= engine.isEngineThread();
    }
    if (fromCallback) {
      // A callback cannot wait for its own engine. The stop goes on; a task of the pool's own
      // waits for the engines and then ends the pool, whose threads end once idle. The timer
      // ends at once: the exits have run or cancelled every wake-up that mattered.
      timer.shutdown();
      if (pool != null) {
        pool.execute(
            () -> {
              try {
                awaitEngines(stopping, System.nanoTime() + Durations.saturatedNanos(stopTimeout));
              } finally {
                pool.shutdown();
              }
            });
      }
      return;
    }
    long deadline = System.nanoTime() + Durations.saturatedNanos(stopTimeout);
    List<String> stuck = awaitEngines(stopping, deadline);
    boolean interrupted = Thread.interrupted();
    timer.shutdown();
    try {
      timer.awaitThreadEnded(deadline);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    for (Thread thread : timer.liveThreads()) {
      stuck.add(thread.getName() + " (" + thread.getState() + ")");
    }
    if (pool != null) {
      pool.shutdown();
      try {
        pool.awaitThreadsEnded(deadline);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      for (Thread thread : pool.liveThreads()) {
        if (thread != Thread.currentThread()) {
          stuck.add(thread.getName() + " (" + thread.getState() + ")");
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!stuck.isEmpty()) {
      throw new EngineStopException(
          name + " did not stop within stopTimeout " + stopTimeout + "; still running: " + stuck,
          null);
    }
  }

  /**
   * Waits for each engine to stop, until {@code deadline}; returns those that did not. Keeps the
   * calling thread's interrupt.
   */
  private List<String> awaitEngines(List<WebSocketEngine> stopping, long deadline) {
    List<String> stuck = new ArrayList<>();
    boolean interrupted = false;
    for (WebSocketEngine engine : stopping) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (engine.awaitTermination(Duration.ofNanos(left))) {
          engines.remove(engine);
        } else {
          stuck.add(engine.toString());
        }
      } catch (InterruptedException e) {
        interrupted = true;
        stuck.add(engine + " (interrupted while waiting)");
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return stuck;
  }

  @Override
  public String toString() {
    return "EngineGroup["
        + name
        + ", "
        + engines.size()
        + " engines"
        + (closed ? ", closed]" : "]");
  }

  /** Configures an {@link EngineGroup}. Every setter checks its value at once. */
  public static final class Builder {
    private ThreadFactory threadFactory;
    private Executor executor;
    private Transport transport;
    private Duration stopTimeout = Duration.ofMinutes(1);

    private Builder() {}

    /**
     * Makes the threads of the group's pool; default non-daemon platform threads named {@code
     * wsengine-group-N-worker-K}. On Java 21+, {@code Thread.ofVirtual().factory()} gives virtual
     * threads. Not with {@link #executor}.
     */
    public Builder threadFactory(ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /**
     * Runs the engines' work on {@code executor}, which the group never shuts down (its owner
     * does); it must give each task a thread of its own, as {@code
     * Executors.newVirtualThreadPerTaskExecutor()} or a cached pool do. Not with {@link
     * #threadFactory}.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The transport every engine of the group dials through (one container or client for all of
     * them); default the one found on the class path, as for an engine alone.
     */
    public Builder transport(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** How long {@link #close()} waits for the engines and threads; default one minute. */
    public Builder stopTimeout(Duration stopTimeout) {
      this.stopTimeout =
          Durations.checkPositiveAtMost("stopTimeout", stopTimeout, WebSocketEngine.MAX_TIMEOUT);
      return this;
    }

    /**
     * The group, ready for engines to be built into it.
     *
     * @throws IllegalStateException if both a thread factory and an executor were given
     */
    public EngineGroup build() {
      if (threadFactory != null && executor != null) {
        throw new IllegalStateException(
            "threadFactory and executor each choose where the group's engines run; set one");
      }
      return new EngineGroup(this);
    }
  }
}
