package dev.wsengine.benchmarks.e2e;

import java.time.Duration;
import java.util.List;

/**
 * How the scale scenario runs: what the parent passes to each child on its command line.
 *
 * @param idle the idle window over which CPU is measured, with every connection held
 * @param keepalive the time between keepalive pings of each connection
 * @param pongTimeout the engines' pong deadline (the raw clients do not check pongs)
 * @param callers the connections opening or closing at once (for the blocking contenders, the
 *     caller threads that do it)
 * @param connectDeadline how long opening all may take before the child gives up
 * @param stopDeadline how long closing all may take before the child gives up
 * @param maxThreads the child stops opening once its JVM has more threads than this: threads are
 *     PIDs, and the machine's PIDs are shared with everything else on it
 * @param childHeap the clients' {@code -Xmx}
 * @param serverHeap the server's {@code -Xmx}
 */
record ScaleSettings(
    Duration idle,
    Duration keepalive,
    Duration pongTimeout,
    int callers,
    Duration connectDeadline,
    Duration stopDeadline,
    int maxThreads,
    String childHeap,
    String serverHeap) {

  /** The real run: a 20 s idle window with a ping every 5 s, so the window sees four rounds. */
  static final ScaleSettings FULL =
      new ScaleSettings(
          Duration.ofSeconds(20),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          64,
          Duration.ofSeconds(180),
          Duration.ofSeconds(60),
          20_000,
          "1g",
          "4g");

  /** For the smoke test: every phase once, in seconds. */
  static final ScaleSettings TINY =
      new ScaleSettings(
          Duration.ofSeconds(1),
          Duration.ofMillis(250),
          Duration.ofSeconds(5),
          8,
          Duration.ofSeconds(60),
          Duration.ofSeconds(30),
          20_000,
          "256m",
          "256m");

  /** The longest a child may live: every phase's deadline, the idle window and a minute. */
  Duration childDeadline() {
    return connectDeadline.plus(idle).plus(stopDeadline).plus(Duration.ofMinutes(1));
  }

  /** What the child takes after its contender and N. */
  List<String> childArgs() {
    return List.of(
        Long.toString(idle.toMillis()),
        Long.toString(keepalive.toMillis()),
        Long.toString(pongTimeout.toMillis()),
        Integer.toString(callers),
        Long.toString(connectDeadline.toMillis()),
        Long.toString(stopDeadline.toMillis()),
        Integer.toString(maxThreads));
  }

  /** The inverse of {@link #childArgs()}, from {@code args[from]} on. */
  static ScaleSettings fromChildArgs(String[] args, int from) {
    return new ScaleSettings(
        Duration.ofMillis(Long.parseLong(args[from])),
        Duration.ofMillis(Long.parseLong(args[from + 1])),
        Duration.ofMillis(Long.parseLong(args[from + 2])),
        Integer.parseInt(args[from + 3]),
        Duration.ofMillis(Long.parseLong(args[from + 4])),
        Duration.ofMillis(Long.parseLong(args[from + 5])),
        Integer.parseInt(args[from + 6]),
        "",
        "");
  }
}
