package dev.wsengine.tyrus.testing;

import dev.wsengine.testing.Await;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which threads are alive, by name: how tests prove that an engine and its transport stopped their
 * threads. Adapted from the runtime's test helper of the same name, plus the names of the threads
 * Tyrus and Grizzly start on the client side.
 */
public final class ThreadCounts {
  /** Stack frames shown per leftover thread when an await fails. */
  private static final int STACK_TOP = 8;

  /**
   * The one thread Tyrus never stops: a static timer it starts with the first shared-container
   * connection, for the container's idle timeout, and keeps for the life of the JVM (a daemon).
   * Documented in docs/tyrus.md; every other client thread must go.
   */
  public static final String SHARED_CONTAINER_TIMER = "tyrus-grizzly-container-idle-timeout";

  /**
   * Threads of the engine and of the client side of Tyrus: the engine's and the keepalive timer
   * ({@code wsengine-}), a client container's Grizzly workers ({@code Grizzly(}) and selector
   * ({@code grizzly-nio-kernel}), and Tyrus's client executors ({@code tyrus-}). The test servers
   * name their threads otherwise ({@code test-}), so these are the client's.
   */
  public static final Predicate<String> CLIENT_THREAD =
      name -> name.startsWith("wsengine-")
          || name.startsWith("Grizzly(")
          || name.startsWith("grizzly-")
          || (name.startsWith("tyrus-") && !name.equals(SHARED_CONTAINER_TIMER));


  private ThreadCounts() {}

  /** The live threads whose names match, ordered by name. */
  public static List<Thread> live(Predicate<String> name) {
    Objects.requireNonNull(name, "name");
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && name.test(t.getName()))
        .sorted(Comparator.comparing(Thread::getName))
        .collect(Collectors.toList());
  }

  /** The names of the live threads whose names start with {@code prefix}, sorted. */
  public static List<String> names(String prefix) {
    return live(n -> n.startsWith(prefix)).stream().map(Thread::getName).collect(Collectors.toList());
  }

  /** The names of the live threads whose names match, sorted. */
  public static List<String> names(Predicate<String> name) {
    return live(name).stream().map(Thread::getName).collect(Collectors.toList());
  }

  /** Returns once no live thread's name starts with {@code prefix}; fails after {@code timeout}. */
  public static void awaitNoThreads(String prefix, Duration timeout) {
    awaitNoThreads(n -> n.startsWith(prefix), prefix + "*", timeout);
  }

  /**
   * Returns once no live thread's name matches; fails after {@code timeout} listing each leftover
   * thread with its state and the top of its stack.
   */
  public static void awaitNoThreads(Predicate<String> name, String description, Duration timeout) {
    Await.until(
        () -> live(name).isEmpty(),
        timeout,
        () -> "no threads named " + description + "; still alive:" + describe(name));
  }

  /** Returns once no client thread (engine, Tyrus, Grizzly) is left. */
  public static void awaitNoClientThreads(Duration timeout) {
    awaitNoThreads(CLIENT_THREAD, "wsengine-*, Grizzly(*, grizzly-*, tyrus-*", timeout);
  }

  private static String describe(Predicate<String> name) {
    StringBuilder out = new StringBuilder();
    Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
    for (Thread thread : live(name)) {
      out.append("\n  \"").append(thread.getName()).append("\" ").append(thread.getState());
      StackTraceElement[] stack = stacks.getOrDefault(thread, thread.getStackTrace());
      for (int i = 0; i < Math.min(STACK_TOP, stack.length); i++) {
        out.append("\n      at ").append(stack[i]);
      }
      if (stack.length > STACK_TOP) {
        out.append("\n      ... ").append(stack.length - STACK_TOP).append(" more");
      }
    }
    return out.toString();
  }
}
