package dev.wsengine.jdk.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.internal.Durations;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keepalive of one transport: one timer thread that pings all the transport's open connections
 * in one pass every interval and checks the pongs of each pass in one pass {@code pongTimeout}
 * later. Not API.
 *
 * <p>Why not a timer per connection: {@link java.util.concurrent.CompletableFuture#delayedExecutor}
 * runs its tasks on the common pool, and where that pool has a parallelism of 1 (on a 2-core
 * machine) on a new thread per task, so a ping and its deadline started two threads per connection
 * per interval (issue 16's idle CPU). Here a connection costs one entry in a set.
 *
 * <p>A connection's pings are exactly one interval apart; its first comes at the transport's next
 * pass, between 0 and one interval after it opened. Its pong deadline is checked at least {@code
 * pongTimeout} after its ping went out. While a ping's deadline is ahead, no new ping is sent on
 * that connection (as when the pong timeout is longer than the interval).
 *
 * <p>Threads: {@link #add} and {@link #remove} from any thread. The timer thread ({@code
 * wsengine-jdk-keepalive-N}, a daemon) is started by the first {@link #add} and ends as soon as no
 * connection is left, so a transport with no open connection holds no thread. The pass calls {@link
 * JdkConnection#keepalivePing} and {@link JdkConnection#keepaliveDeadline}, which never block.
 */
public final class Keepalive {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.jdk");

  /** Prefix of the name of a timer thread. */
  public static final String THREAD_PREFIX = "wsengine-jdk-keepalive-";

  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

  private final long intervalNanos;
  private final Duration pongTimeout;
  private final long pongTimeoutNanos;

  private final Object lock = new Object();

  @GuardedBy("lock")
  private final Set<JdkConnection> connections = new LinkedHashSet<>();

  /** The pongs to check, oldest first: passes are in order, and so their deadlines. */
  @GuardedBy("lock")
  private final ArrayDeque<Deadline> deadlines = new ArrayDeque<>();

  /** The timer thread, null while none runs. */
  @GuardedBy("lock")
  private Thread thread;

  /** The connections pinged in one pass, and when to check their pongs. */
  private record Deadline(long dueNanos, List<JdkConnection> pinged) {}

  /** A keepalive that pings every {@code interval}, with a pong due within {@code pongTimeout}. */
  public Keepalive(Duration interval, Duration pongTimeout) {
    this.intervalNanos = Durations.saturatedNanos(interval);
    this.pongTimeout = pongTimeout;
    this.pongTimeoutNanos = Durations.saturatedNanos(pongTimeout);
  }

  /** How long a pong may take. */
  Duration pongTimeout() {
    return pongTimeout;
  }

  /** Pings {@code connection} from the next pass on, until {@link #remove}. */
  void add(JdkConnection connection) {
    synchronized (lock) {
      connections.add(connection);
      if (thread == null) {
        Thread timer = new Thread(this::run, THREAD_PREFIX + THREAD_NUMBERS.incrementAndGet());
        timer.setDaemon(true);
        thread = timer;
        timer.start();
      }
    }
  }

  /** Stops pinging {@code connection}; the timer ends once no connection is left. */
  void remove(JdkConnection connection) {
    synchronized (lock) {
      if (connections.remove(connection) && connections.isEmpty()) {
        lock.notifyAll();
      }
    }
  }

  /** How many connections are pinged (for tests). */
  int size() {
    synchronized (lock) {
      return connections.size();
    }
  }

  private void run() {
    long nextPass = System.nanoTime() + intervalNanos;
    while (true) {
      List<JdkConnection> toPing = null;
      Deadline due = null;
      synchronized (lock) {
        while (true) {
          if (connections.isEmpty()) {
            deadlines.clear(); // what they name has ended
            thread = null;
            return;
          }
          long now = System.nanoTime();
          Deadline first = deadlines.peekFirst();
          if (first != null && first.dueNanos() - now <= 0) {
            due = deadlines.pollFirst();
            break;
          }
          if (nextPass - now <= 0) {
            toPing = new ArrayList<>(connections);
            nextPass += intervalNanos;
            if (nextPass - now <= 0) {
              nextPass = now + intervalNanos; // a pass ran late: do not catch up
            }
            break;
          }
          long wake =
              first != null && first.dueNanos() - nextPass < 0 ? first.dueNanos() : nextPass;
          try {
            TimeUnit.NANOSECONDS.timedWait(lock, wake - now);
          } catch (InterruptedException e) {
            // Nobody interrupts this thread but the JVM's end; its connections are then gone too.
            thread = null;
            return;
          }
        }
      }
      if (due != null) {
        checkPongs(due.pinged());
      } else {
        ping(toPing);
      }
    }
  }

  private void ping(List<JdkConnection> toPing) {
    List<JdkConnection> pinged = new ArrayList<>();
    for (JdkConnection connection : toPing) {
      try {
        if (connection.keepalivePing()) {
          pinged.add(connection);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "keepalive of " + connection + " failed; it goes on", e);
      }
    }
    if (!pinged.isEmpty()) {
      // From the end of the pass: every connection's pong has at least the pong timeout.
      long dueNanos = System.nanoTime() + pongTimeoutNanos;
      synchronized (lock) {
        deadlines.addLast(new Deadline(dueNanos, pinged));
      }
    }
  }

  private static void checkPongs(List<JdkConnection> pinged) {
    for (JdkConnection connection : pinged) {
      try {
        connection.keepaliveDeadline();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "keepalive of " + connection + " failed; it goes on", e);
      }
    }
  }
}
