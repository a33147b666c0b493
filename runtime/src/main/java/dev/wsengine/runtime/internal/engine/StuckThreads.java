package dev.wsengine.runtime.internal.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Says where a thread that did not end is stuck, for {@code EngineStopException}. The top of the
 * stack of a stuck thread is nearly always the JDK's {@code Unsafe.park}, {@code Object.wait} or a
 * socket read, which says nothing about whose code waits; what the user needs is the first frames
 * outside the JDK and the engine: the callback, or whatever the callback called.
 *
 * <p>Stateless; any thread.
 */
final class StuckThreads {
  /** How many of a callback's frames are shown in full. */
  static final int USER_FRAMES = 4;

  /** Packages of the engine and its transports: their frames are not where a handler is stuck. */
  private static final List<String> ENGINE_PACKAGES =
      List.of(
          "dev.wsengine.runtime.internal.",
          "dev.wsengine.spi.",
          "dev.wsengine.internal.",
          "dev.wsengine.tyrus.");

  /**
   * In the name of the JVM's class for a lambda: a frame between a lambda's caller and its body.
   */
  private static final String LAMBDA_PROXY = "$$Lambda";

  /** Classes of the engine outside those packages. */
  private static final List<String> ENGINE_CLASSES =
      List.of("dev.wsengine.runtime.WebSocketEngine");

  /** The JDK, by class name, for frames without a module name (the class path, old agents). */
  private static final List<String> JDK_PACKAGES =
      List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private StuckThreads() {}

  /** {@code thread}'s name, state and where it is stuck. */
  static String describe(Thread thread) {
    return describe(thread.getName(), thread.getState(), thread.getStackTrace());
  }

  /**
   * A task of the engine still running, named by its role and its thread: {@code reader-1 on
   * wsengine-3-worker-2 (WAITING) at ...}.
   */
  static String describe(String role, Thread thread) {
    return describe(role + " on " + thread.getName(), thread.getState(), thread.getStackTrace());
  }

  /**
   * {@code wsengine-1-reader-2 (WAITING) at com.acme.Client.await(Client.java:51) <
   * com.acme.Client.text(Client.java:42), in jdk.internal.misc.Unsafe.park(Native Method)}.
   *
   * <p>The frames shown are those a callback runs: the contiguous frames outside the JDK and the
   * engine right above the dispatcher that called the callback, innermost first, each called by the
   * next, leaving out the JVM's lambda classes; at most {@value #USER_FRAMES}, and past that the
   * innermost ones, an ellipsis and the callback. Then the top of the stack, if it is not among
   * them. A thread outside any callback (waiting in the engine) shows its first frame outside the
   * JDK instead; a thread whose stack is unknown, its name and state only.
   */
  static String describe(String name, Thread.State state, StackTraceElement[] stack) {
    StringBuilder out = new StringBuilder(name).append(" (").append(state).append(')');
    if (stack.length == 0) {
      return out.toString();
    }
    List<String> frames = new ArrayList<>();
    int top = callbackFrames(stack, frames);
    if (frames.isEmpty()) {
      top = firstOutsideJdk(stack);
      if (top < 0) {
        return out.append(" in ").append(format(stack[0])).toString();
      }
      frames.add(format(stack[top]));
    }
    out.append(" at ").append(String.join(" < ", frames));
    if (top > 0) {
      out.append(", in ").append(format(stack[0]));
    }
    return out.toString();
  }

  /**
   * Adds to {@code frames} the callback's frames (see {@link #describe(String, Thread.State,
   * StackTraceElement[])}), and returns the index of the innermost, or -1 if there is none.
   */
  private static int callbackFrames(StackTraceElement[] stack, List<String> frames) {
    int dispatcher = -1;
    for (int i = 0; i < stack.length; i++) {
      if (isDispatcher(stack[i])) {
        dispatcher = i;
        break;
      }
    }
    int innermost = dispatcher;
    while (innermost > 0 && !isJdk(stack[innermost - 1]) && !isEngine(stack[innermost - 1])) {
      innermost--;
    }
    if (dispatcher <= innermost) {
      return -1;
    }
    List<StackTraceElement> shown = new ArrayList<>();
    for (int i = innermost; i < dispatcher; i++) {
      if (!stack[i].getClassName().contains(LAMBDA_PROXY)) {
        shown.add(stack[i]);
      }
    }
    for (int i = 0; i < shown.size(); i++) {
      if (shown.size() <= USER_FRAMES || i < USER_FRAMES - 2) {
        frames.add(format(shown.get(i)));
      } else {
        frames.add("...");
        frames.add(format(shown.get(shown.size() - 1)));
        break;
      }
    }
    return innermost;
  }

  /**
   * {@code com.acme.Client.text(Client.java:42)}: as {@link StackTraceElement#toString()}, without
   * the class loader and module prefixes ({@code app//}, {@code java.base/}) that only make the
   * message longer.
   */
  static String format(StackTraceElement frame) {
    StringBuilder out =
        new StringBuilder(frame.getClassName())
            .append('.')
            .append(frame.getMethodName())
            .append('(');
    if (frame.isNativeMethod()) {
      out.append("Native Method");
    } else if (frame.getFileName() == null) {
      out.append("Unknown Source");
    } else {
      out.append(frame.getFileName());
      if (frame.getLineNumber() >= 0) {
        out.append(':').append(frame.getLineNumber());
      }
    }
    return out.append(')').toString();
  }

  private static int firstOutsideJdk(StackTraceElement[] stack) {
    for (int i = 0; i < stack.length; i++) {
      if (!isJdk(stack[i])) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isJdk(StackTraceElement frame) {
    String module = frame.getModuleName();
    if (module != null && (module.startsWith("java.") || module.startsWith("jdk."))) {
      return true;
    }
    return startsWithAny(frame.getClassName(), JDK_PACKAGES);
  }

  private static boolean isEngine(StackTraceElement frame) {
    String type = frame.getClassName();
    return startsWithAny(type, ENGINE_PACKAGES)
        || ENGINE_CLASSES.contains(type)
        || isDispatcher(frame);
  }

  /**
   * A generated dispatcher: the processor's {@code Foo_Dispatcher}, Byte Buddy's {@code
   * Foo$WsengineDispatcher$n}.
   */
  private static boolean isDispatcher(StackTraceElement frame) {
    String type = frame.getClassName();
    return type.endsWith("_Dispatcher") || type.contains("$WsengineDispatcher$");
  }

  private static boolean startsWithAny(String type, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (type.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
