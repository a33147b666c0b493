package dev.wsengine.runtime;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.InMemoryTransport;
import dev.wsengine.testing.ThreadCounts;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builders for engines under test: the kit's in-memory transport, no reconnect, generous timeouts.
 */
final class Engines {
  static final URI URI = java.net.URI.create("ws://127.0.0.1:9/test");

  /** How long a test waits for something that should happen at once. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private Engines() {}

  static WebSocketEngine.Builder builder(
      DispatcherMode mode, Object handler, InMemoryTransport transport) {
    return WebSocketEngine.builder(URI, handler)
        .transport(transport)
        .dispatcherMode(mode)
        .reconnect(ReconnectPolicy.never())
        .openTimeout(WAIT)
        .stopTimeout(WAIT)
        .openTelemetry(OpenTelemetry.noop());
  }

  /** Fails unless every engine thread has ended. */
  static void assertNoEngineThreads() {
    ThreadCounts.awaitNoThreads("wsengine-", WAIT);
  }

  /**
   * Live engine threads doing something: not a pool thread waiting for its next task, nor a timer
   * waiting for its next wake-up (engines keep no thread busy while idle; a pool's idle threads and
   * an idle timer end on their own).
   */
  static List<Thread> busyEngineThreads() {
    List<Thread> busy = new ArrayList<>();
    for (Thread thread : ThreadCounts.live("wsengine-")) {
      if (!runs(thread, "getTask") && !timerWaiting(thread)) {
        busy.add(thread);
      }
    }
    return busy;
  }

  /** Whether {@code thread} is an engine's or a group's timer, waiting for a wake-up to be due. */
  static boolean timerWaiting(Thread thread) {
    return thread.getName().endsWith("-timer") && runs(thread, "awaitNanos");
  }

  /** Waits until no engine thread is busy. */
  static void awaitNoBusyEngineThreads() {
    Await.until(
        () -> busyEngineThreads().isEmpty(),
        WAIT,
        () -> "no busy engine threads; busy: " + busyEngineThreads());
  }

  /** The busy engine thread inside a method named {@code method}, waiting for it to get there. */
  static Thread busyThreadRunning(String method) {
    Thread[] found = new Thread[1];
    Await.until(
        () -> {
          for (Thread thread : busyEngineThreads()) {
            if (runs(thread, method)) {
              found[0] = thread;
              return true;
            }
          }
          return false;
        },
        WAIT,
        () -> "an engine thread in " + method + "; busy: " + busyEngineThreads());
    return found[0];
  }

  /** Whether {@code thread} is inside a method named {@code method} now. */
  static boolean runs(Thread thread, String method) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getMethodName().equals(method)) {
        return true;
      }
    }
    return false;
  }
}
