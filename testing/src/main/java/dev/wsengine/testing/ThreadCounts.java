package dev.wsengine.testing;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which threads are alive, by name: how a test proves that an engine (and its transport) stopped
 * every thread it started. Usable from any thread.
 *
 * <pre>{@code
 * engine.stop();
 * ThreadCounts.awaitNoEngineThreads(Duration.ofSeconds(5));
 * }</pre>
 */
public final class ThreadCounts {
  /**
   * The name prefix of the threads an engine makes with its default thread factory ({@code
   * wsengine-N-role}). An engine built with its own thread factory names its threads as that
   * factory does: pass that prefix to {@link #awaitNoThreads(String, Duration)} instead.
   */
  public static final String ENGINE_THREAD_PREFIX = "wsengine-";

  /** Stack frames shown per leftover thread when an await fails. */
  private static final int STACK_TOP = 8;

  private ThreadCounts() {}

  /** The live threads whose names match, ordered by name. */
  public static List<Thread> live(Predicate<String> name) {
    Objects.requireNonNull(name, "name");
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && name.test(t.getName()))
        .sorted(Comparator.comparing(Thread::getName))
        .collect(Collectors.toList());
  }

  /** The live threads whose names start with {@code prefix}, ordered by name. */
  public static List<Thread> live(String prefix) {
    return live(startsWith(prefix));
  }

  /** The names of the live threads whose names start with {@code prefix}, sorted. */
  public static List<String> names(String prefix) {
    return names(startsWith(prefix));
  }

  /** The names of the live threads whose names match, sorted. */
  public static List<String> names(Predicate<String> name) {
    return live(name).stream().map(Thread::getName).collect(Collectors.toList());
  }

  /** How many live threads have names starting with {@code prefix}. */
  public static int count(String prefix) {
    return live(prefix).size();
  }

  /**
   * Returns once no thread of an engine with the default thread factory is alive; fails after
   * {@code timeout} listing each leftover thread with its state and the top of its stack.
   */
  public static void awaitNoEngineThreads(Duration timeout) {
    awaitNoThreads(ENGINE_THREAD_PREFIX, timeout);
  }

  /**
   * Returns once no live thread's name starts with {@code prefix}; fails after {@code timeout}
   * listing each leftover thread with its state and the top of its stack.
   */
  public static void awaitNoThreads(String prefix, Duration timeout) {
    awaitNoThreads(startsWith(prefix), prefix + "*", timeout);
  }

  /**
   * Returns once no live thread's name matches; fails after {@code timeout} listing each leftover
   * thread with its state and the top of its stack. {@code description} names the threads in that
   * message.
   */
  public static void awaitNoThreads(Predicate<String> name, String description, Duration timeout) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Await.until(
        () -> live(name).isEmpty(),
        timeout,
        () -> "no threads named " + description + "; still alive:" + describe(name));
  }

  private static Predicate<String> startsWith(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return name -> name.startsWith(prefix);
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
