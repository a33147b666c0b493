package dev.wsengine.runtime;

import static dev.wsengine.runtime.Engines.WAIT;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WebSocketEngine.Builder#threadFactory} for tests: names each thread as the engine's
 * default factory would (the task's {@code toString()}, such as {@code wsengine-3-reader-1}), so
 * the usual leak checks see them; keeps every thread it made, so a test can reach one by role
 * ({@code supervisor}, {@code open-0}, {@code reader-1}); records what a thread ended with when it
 * ended by an exception; and can be scripted to fail once for a role, or to keep a role's thread
 * alive for a while after the engine's task returned.
 *
 * <p>Thread-safe: the engine calls it from its supervisor and from the thread calling {@code
 * start()}, the test from its own.
 */
final class RecordingThreadFactory implements ThreadFactory {
  private final List<Thread> made = new CopyOnWriteArrayList<>();
  private final Map<String, Throwable> uncaught = new ConcurrentHashMap<>();

  /** The role to fail for, once; null for none. Guarded by this. */
  private String failRole;

  /** What to throw for failRole; null to return null instead. Guarded by this. */
  private RuntimeException failure;

  /** The role whose threads stay alive after the engine's task until lingerRelease. */
  private volatile String lingerRole;

  private volatile CountDownLatch lingerRelease;

  /** The next thread made for {@code role} is not made: the factory throws {@code failure}. */
  synchronized RecordingThreadFactory failOnceFor(String role, RuntimeException failure) {
    this.failRole = role;
    this.failure = failure;
    return this;
  }

  /** The next thread asked for {@code role} is not made: the factory returns null. */
  synchronized RecordingThreadFactory returnNullOnceFor(String role) {
    this.failRole = role;
    this.failure = null;
    return this;
  }

  /**
   * Threads for {@code role} stay alive once the engine's task has returned, until {@code release}
   * opens (or {@link Engines#WAIT} has passed), as a factory that does work of its own after each
   * task would.
   */
  RecordingThreadFactory lingerAfterTask(String role, CountDownLatch release) {
    this.lingerRelease = release;
    this.lingerRole = role;
    return this;
  }

  @Override
  public Thread newThread(Runnable task) {
    String name = task.toString();
    synchronized (this) {
      if (failRole != null && hasRole(name, failRole)) {
        failRole = null;
        if (failure == null) {
          return null;
        }
        throw failure;
      }
    }
    String linger = lingerRole;
    CountDownLatch release = lingerRelease;
    Runnable body =
        linger != null && hasRole(name, linger)
            ? () -> {
              try {
                task.run();
              } finally {
                awaitQuietly(release);
              }
            }
            : task;
    Thread thread = new Thread(body, name);
    thread.setDaemon(true); // a failed test must not keep the JVM alive
    thread.setUncaughtExceptionHandler((t, e) -> uncaught.put(t.getName(), e));
    made.add(thread);
    return thread;
  }

  /**
   * The last thread made for {@code role}.
   *
   * @throws AssertionError if none was made
   */
  Thread thread(String role) {
    for (int i = made.size() - 1; i >= 0; i--) {
      if (hasRole(made.get(i).getName(), role)) {
        return made.get(i);
      }
    }
    throw new AssertionError("no thread made for " + role + "; made: " + names());
  }

  /** What the last thread made for {@code role} ended with, if it ended by an exception. */
  Optional<Throwable> uncaught(String role) {
    return Optional.ofNullable(uncaught.get(thread(role).getName()));
  }

  /** Every exception a thread made here ended with, by thread name. */
  Map<String, Throwable> uncaught() {
    return Map.copyOf(uncaught);
  }

  /** The names of the threads made so far, in order. */
  List<String> names() {
    return made.stream().map(Thread::getName).toList();
  }

  private static boolean hasRole(String name, String role) {
    return name.endsWith("-" + role);
  }

  /**
   * Waits for {@code release}, at most {@link Engines#WAIT}, whatever interrupts come: a pool's
   * thread can leave its last task with an interrupt still set (the pool's shutdown interrupts idle
   * threads), and a factory's own work after the task is not cut short by it. The interrupt is
   * kept.
   */
  private static void awaitQuietly(CountDownLatch release) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean interrupted = false;
    while (true) {
      try {
        release.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
