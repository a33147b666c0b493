package dev.wsengine.runtime;

import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One thread of the test's own (not an engine thread) that runs what the test hands it, one task at
 * a time, and gives each a deadline. It is how a test proves that a call <em>returns</em> promptly
 * (a call that blocks forever fails the test instead of hanging it), and how a test plays a second
 * user thread: the same thread runs every task, so a {@code Pause} taken in one task is still held
 * by this thread in the next, where {@code receive} may use it.
 *
 * <p>Close it after the engine is stopped: a task still blocked in the engine then returns.
 */
final class TestThread implements AutoCloseable {
  /** A task that may throw anything. */
  @FunctionalInterface
  interface Task {
    void run() throws Exception;
  }

  private final String name;
  private final AtomicReference<Thread> thread = new AtomicReference<>();
  private final ExecutorService executor;

  TestThread(String name) {
    this.name = name;
    this.executor =
        Executors.newSingleThreadExecutor(
            body -> {
              Thread t = new Thread(body, name);
              t.setDaemon(true); // a test that failed with a task stuck must not keep the JVM alive
              thread.set(t);
              return t;
            });
  }

  /**
   * Runs {@code task} on this thread and returns its result, or throws what it threw (as is).
   *
   * @throws AssertionError if it did not return within {@code deadline}, showing where it is stuck
   */
  <T> T call(Duration deadline, String what, Callable<T> task) throws Exception {
    Future<T> future = executor.submit(task);
    try {
      return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      throw (Error) cause;
    } catch (TimeoutException e) {
      throw new AssertionError(
          what
              + " did not return within "
              + deadline
              + "; "
              + name
              + " is at:"
              + stack()
              + "\nengine threads: "
              + ThreadCounts.names("wsengine-"));
    }
  }

  /** Starts {@code task} on this thread and returns at once; the test waits on the future. */
  <T> Future<T> submit(Callable<T> task) {
    return executor.submit(task);
  }

  /** As {@link #call} for a task without a result. */
  void run(Duration deadline, String what, Task task) throws Exception {
    call(
        deadline,
        what,
        () -> {
          task.run();
          return null;
        });
  }

  private String stack() {
    Thread t = thread.get();
    if (t == null) {
      return " (not started)";
    }
    StringBuilder out = new StringBuilder();
    for (StackTraceElement frame : t.getStackTrace()) {
      out.append("\n    at ").append(frame);
    }
    return out.toString();
  }

  /** Ends the thread, interrupting a task still running; fails if it does not end. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(Engines.WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError(name + " did not end; it is at:" + stack());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while ending " + name, e);
    }
  }
}
