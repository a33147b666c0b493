package dev.wsengine.runtime.testing;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which threads are alive, by name prefix: how tests prove that an engine stopped its threads
 * ({@code "wsengine-"} and the like).
 */
public final class ThreadCounts {
  /** Stack frames shown per leftover thread when {@link #awaitNoThreads} fails. */
  private static final int STACK_TOP = 8;

  private ThreadCounts() {}

  /** The live threads whose names start with {@code prefix}, ordered by name. */
  public static List<Thread> live(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .sorted(Comparator.comparing(Thread::getName))
        .collect(Collectors.toList());
  }

  /** The names of the live threads whose names start with {@code prefix}, sorted. */
  public static List<String> names(String prefix) {
    return live(prefix).stream().map(Thread::getName).collect(Collectors.toList());
  }

  /** How many live threads have names starting with {@code prefix}. */
  public static int count(String prefix) {
    return live(prefix).size();
  }

  /**
   * Returns once no live thread's name starts with {@code prefix}; fails after {@code timeout}
   * listing each leftover thread with its state and the top of its stack.
   */
  public static void awaitNoThreads(String prefix, Duration timeout) {
    Await.until(
        () -> live(prefix).isEmpty(),
        timeout,
        () -> "no threads named " + prefix + "*; still alive:" + describe(prefix));
  }

  private static String describe(String prefix) {
    StringBuilder out = new StringBuilder();
    Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
    for (Thread thread : live(prefix)) {
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
