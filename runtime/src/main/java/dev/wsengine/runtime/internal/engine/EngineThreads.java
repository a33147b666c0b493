package dev.wsengine.runtime.internal.engine;

import java.util.concurrent.ThreadFactory;

/** How engine threads are named and made when the user does not supply a thread factory. */
public final class EngineThreads {
  /**
   * Platform threads named after their pool ({@code wsengine-3-worker-2}). Not daemons: a running
   * engine keeps the JVM alive until it is stopped, as a server socket would.
   */
  public static final ThreadFactory DEFAULT =
      task -> new Thread(task, task instanceof Task named ? named.name : "wsengine");

  private EngineThreads() {}

  /** {@code body}, carrying {@code name} for {@link #DEFAULT} (and as its {@code toString()}). */
  public static Runnable named(String name, Runnable body) {
    return new Task(name, body);
  }

  /** The body of one engine thread, carrying the name the default factory gives it. */
  static final class Task implements Runnable {
    final String name;
    private final Runnable body;

    Task(String name, Runnable body) {
      this.name = name;
      this.body = body;
    }

    @Override
    public void run() {
      body.run();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
