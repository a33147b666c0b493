package dev.wsengine.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One contender of the scale scenario, in a JVM of its own that {@link Scale} starts:
 *
 * <pre>
 * java -Xmx1g -cp benchmarks.jar dev.wsengine.benchmarks.e2e.ScaleChild CONTENDER N URI SETTINGS...
 * </pre>
 *
 * <p>Opens N connections to {@code URI} with at most {@link ScaleSettings#callers()} in flight,
 * holds them idle (keepalive pings on) over {@link ScaleSettings#idle()}, closes them all, and
 * prints one line {@code RESULT\tkey=value\t...} on standard output; before it, {@code PROGRESS
 * ...} lines about once a second, so that a parent that has to kill it knows how far it got. Every
 * phase has a deadline; a child that fails (an exception, the thread ceiling, a deadline) reports
 * how many connections it held and why in the {@code error} field, tries to close what it opened,
 * and exits.
 */
public final class ScaleChild {
  /** The prefix of the result line. */
  static final String RESULT = "RESULT";

  /** The prefix of a progress line. */
  static final String PROGRESS = "PROGRESS";

  private final ScaleContender contender;
  private final int n;
  private final URI uri;
  private final ScaleSettings settings;
  private final Map<String, String> result = Collections.synchronizedMap(new LinkedHashMap<>());
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final AtomicReference<String> uncaught = new AtomicReference<>();
  private long lastProgress;

  private ScaleChild(ScaleContender contender, int n, URI uri, ScaleSettings settings) {
    this.contender = contender;
    this.n = n;
    this.uri = uri;
    this.settings = settings;
  }

  public static void main(String[] args) {
    ScaleChild child =
        new ScaleChild(
            ScaleContender.parse(args[0]),
            Integer.parseInt(args[1]),
            URI.create(args[2]),
            ScaleSettings.fromChildArgs(args, 3));
    // The parent kills a child that outlives its deadline; this says why first, 30 s earlier.
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(child.settings.childDeadline().minusSeconds(30).toMillis());
              } catch (InterruptedException e) {
                return;
              }
              child.result.putIfAbsent("error", "the child passed its deadline");
              child.report();
              Runtime.getRuntime().halt(3);
            },
            "scale-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      child.run();
    } catch (Throwable e) { // the result line must come out whatever happened
      child.result.putIfAbsent("error", describe(e));
    }
    child.report();
    // Grizzly, Tyrus and a failed engine may leave threads that would keep the JVM alive.
    Runtime.getRuntime().halt(0);
  }

  private void run() throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) ->
            uncaught.compareAndSet(null, "in thread " + thread.getName() + ": " + describe(e)));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    put("contender", contender.option());
    put("n", n);

    ScaleFleet fleet =
        ScaleFleet.create(contender, uri, settings.keepalive(), settings.pongTimeout());
    put("how", fleet.description());
    put("heap0", EndToEnd.retainedHeap());
    put("rss0", rss());
    put("threads0", threads.getThreadCount());
    put("osThreads0", osThreads());

    // Connect all.
    ThreadPoolExecutor callers = fleet.blocking() ? callers() : null;
    Executor executor = callers == null ? Runnable::run : callers;
    threads.resetPeakThreadCount();
    Queue<ScaleFleet.Held> held = new ConcurrentLinkedQueue<>();
    AtomicInteger open = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Semaphore permits = new Semaphore(settings.callers());
    long start = System.nanoTime();
    long deadline = start + settings.connectDeadline().toNanos();
    String stopped = null;
    for (int launched = 0; launched < n; launched++) {
      if (failure.get() != null || uncaught.get() != null) {
        break;
      }
      int count = threads.getThreadCount();
      if (count > settings.maxThreads()) {
        stopped =
            "thread ceiling: "
                + count
                + " threads in the JVM, more than the "
                + settings.maxThreads()
                + " allowed";
        break;
      }
      if (!acquire(permits, 1, deadline, "connect", open, launched)) {
        break;
      }
      try {
        CompletableFuture<?> unused =
            fleet
                .open(executor)
                .whenComplete(
                    (connection, e) -> {
                      if (e == null) {
                        held.add(connection);
                        open.incrementAndGet();
                      } else {
                        failure.compareAndSet(null, e);
                      }
                      permits.release();
                    });
      } catch (Throwable e) { // such as a caller thread that could not start
        failure.compareAndSet(null, e);
        permits.release();
        break;
      }
    }
    boolean drained = acquire(permits, settings.callers(), deadline, "connect", open, n);
    if (drained) {
      permits.release(settings.callers());
    }
    put("connectMs", (System.nanoTime() - start) / 1_000_000);
    put("open", open.get());
    put("threadsPeak", threads.getPeakThreadCount());
    String error =
        failure.get() != null
            ? describe(failure.get())
            : uncaught.get() != null
                ? "uncaught " + uncaught.get()
                : stopped != null
                    ? stopped
                    : !drained || open.get() < n
                        ? "connecting all took longer than " + settings.connectDeadline()
                        : null;
    if (error != null) {
      put("error", error);
      put("threadsHeld", threads.getThreadCount());
      put("osThreadsHeld", osThreads());
      put("dropped", fleet.ended.get());
      put("machineThreads", machineThreads());
      progress("stop", open, n, true);
      stopAll(fleet, held, callers, executor);
      return;
    }

    // Hold them: what they cost at rest.
    if (callers != null) {
      callers.shutdown();
      if (!callers.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the caller threads did not end within 10 s");
      }
    }
    progress("measure", open, n, true);
    put("heapHeld", EndToEnd.retainedHeap());
    put("rssHeld", rss());
    put("machineThreads", machineThreads());
    progress("idle", open, n, true);
    long cpu = os.getProcessCpuTime();
    long idleStart = System.nanoTime();
    Thread.sleep(settings.idle().toMillis()); // the idle window itself
    put("cpuNs", os.getProcessCpuTime() - cpu);
    put("idleNs", System.nanoTime() - idleStart);
    // Threads at the end of the idle window: what N idle connections keep, once the threads that
    // only connecting needed (pool threads wait 10 s for more work, then end) are gone.
    put("threadsHeld", threads.getThreadCount());
    put("osThreadsHeld", osThreads());
    put("dropped", fleet.ended.get());

    // Close all.
    progress("stop", open, n, true);
    callers = fleet.blocking() ? callers() : null;
    stopAll(fleet, held, callers, callers == null ? Runnable::run : callers);
  }

  /** Closes every connection held, with at most {@code callers} at once, before the deadline. */
  private void stopAll(
      ScaleFleet fleet, Queue<ScaleFleet.Held> held, ThreadPoolExecutor callers, Executor executor)
      throws InterruptedException {
    Semaphore permits = new Semaphore(settings.callers());
    AtomicInteger closed = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int total = held.size();
    long start = System.nanoTime();
    long deadline = start + settings.stopDeadline().toNanos();
    int launched = 0;
    for (ScaleFleet.Held connection : held) {
      if (!acquire(permits, 1, deadline, "stop", closed, launched)) {
        break;
      }
      try {
        CompletableFuture<?> unused =
            connection
                .close(executor)
                .whenComplete(
                    (v, e) -> {
                      if (e == null) {
                        closed.incrementAndGet();
                      } else {
                        failure.compareAndSet(null, e);
                      }
                      permits.release();
                    });
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
        permits.release();
      }
      launched++;
    }
    acquire(permits, settings.callers(), deadline, "stop", closed, total);
    put("stopMs", (System.nanoTime() - start) / 1_000_000);
    put("closed", closed.get());
    if (failure.get() != null) {
      put("stopError", describe(failure.get()));
    } else if (closed.get() < total) {
      put("stopError", "closing all took longer than " + settings.stopDeadline());
    }
    if (callers != null) {
      callers.shutdownNow();
    }
    fleet.close();
  }

  /**
   * Takes {@code count} permits, printing progress about once a second; false if the deadline
   * passed first.
   */
  private boolean acquire(
      Semaphore permits, int count, long deadline, String phase, AtomicInteger done, int launched)
      throws InterruptedException {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      if (permits.tryAcquire(count, Math.min(left, 1_000_000_000L), TimeUnit.NANOSECONDS)) {
        progress(phase, done, launched, false);
        return true;
      }
      progress(phase, done, launched, false);
    }
  }

  private void progress(String phase, AtomicInteger done, int launched, boolean now) {
    long time = System.nanoTime();
    if (now || time - lastProgress >= 1_000_000_000L) {
      lastProgress = time;
      System.out.println(
          PROGRESS
              + " phase="
              + phase
              + " done="
              + done.get()
              + " launched="
              + launched
              + " threads="
              + threads.getThreadCount());
    }
  }

  /** A pool of caller threads, all started now: none has to start once threads run short. */
  private ThreadPoolExecutor callers() {
    AtomicInteger number = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            settings.callers(),
            settings.callers(),
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread thread = new Thread(r, "scale-caller-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.prestartAllCoreThreads();
    return pool;
  }

  private void put(String key, Object value) {
    result.put(key, String.valueOf(value));
  }

  private void report() {
    StringBuilder line = new StringBuilder(RESULT);
    synchronized (result) {
      result.forEach(
          (key, value) ->
              line.append('\t')
                  .append(key)
                  .append('=')
                  .append(value.replaceAll("[\\t\\r\\n]+", " ")));
    }
    System.out.println(line);
    System.out.flush();
  }

  /** The exception and its causes, one line. */
  static String describe(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    StringBuilder out = new StringBuilder();
    for (int depth = 0; e != null && depth < 4; depth++, e = e.getCause()) {
      if (depth > 0) {
        out.append(" ← caused by ");
      }
      out.append(e.getClass().getName());
      if (e.getMessage() != null) {
        out.append(": ").append(e.getMessage());
      }
    }
    return out.toString();
  }

  /** VmRSS of this process, bytes; -1 where there is no {@code /proc}. */
  static long rss() throws IOException {
    String kib = status("VmRSS:");
    return kib == null ? -1 : Long.parseLong(kib.replace("kB", "").trim()) * 1024;
  }

  /**
   * The OS threads of this process (the JVM's own, such as GC and JIT threads, too); -1 if unknown.
   */
  static int osThreads() throws IOException {
    String count = status("Threads:");
    return count == null ? -1 : Integer.parseInt(count.trim());
  }

  /**
   * Threads on the whole machine, every process's (the PIDs they take are shared), from {@code
   * /proc/loadavg}; -1 if unknown.
   */
  static int machineThreads() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    if (!Files.isReadable(loadavg)) {
      return -1;
    }
    String[] fields = Files.readString(loadavg, StandardCharsets.US_ASCII).trim().split("\\s+", -1);
    return fields.length < 4
        ? -1
        : Integer.parseInt(fields[3].substring(fields[3].indexOf('/') + 1));
  }

  private static String status(String field) throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return null;
    }
    for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
      if (line.startsWith(field)) {
        return line.substring(field.length());
      }
    }
    return null;
  }
}
