package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.SendQueueFullException;
import dev.wsengine.spi.EngineClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outbound queue of one session: every send, blocking or async, enters it and is written in the
 * order it entered, by a writer task on the engine's executor that runs only while messages wait
 * (no thread is held while the queue is empty). The writes themselves are the transport's blocking
 * sends, one at a time.
 *
 * <p>Bounds: at most {@code maxMessages} messages and {@code maxBytes} payload bytes wait or are
 * being written; a send past either is refused at once ({@link SendQueueFullException}). A message
 * is always accepted into an empty queue, whatever its size, so that no message is impossible to
 * send (the transport's own size limits still apply).
 *
 * <p>Timeouts: each message must be written within {@code sendTimeout} of entering. One wake-up on
 * the engine's clock is armed for the earliest deadline (deadlines are in queue order, so that is
 * the message being written, else the head); it hands {@link #expire} to the executor. A message
 * still queued at its deadline is taken out and failed with {@link TimeoutException}; a message
 * whose write is still running at its deadline fails the same way and the connection is aborted,
 * since the frame may be half written and the messages behind it could not keep their order.
 *
 * <p>Session end ({@link #sessionEnded}): by {@code exit()}, {@code stop()} or {@code restart()},
 * the queued messages fail with {@link ConnectionClosedException} at once; when the connection was
 * lost they are still written while the transport takes them (it may hold back the server's close
 * until replies went out), failing with its {@link ConnectionClosedException} once it refuses; the
 * write in progress may finish, but from then on every deadline is at most {@code endGrace} away,
 * so that {@code stop()} never waits past its stop timeout for a stuck write. Later sends (from
 * {@code @OnClose}) are still accepted.
 *
 * <p>Threading: any thread offers; one writer task at a time writes; the wake-up's task expires;
 * any thread ends the session. The fields are guarded by {@link #lock}, which is held only for
 * field updates: never while writing, completing a future (whose dependants are user code),
 * submitting a task or arming a wake-up.
 */
final class Outbox {
  /** What the outbox needs from its session's connection. */
  interface Link {
    /** Writes one message with the transport's blocking send. */
    void write(Outgoing message) throws IOException;

    /** Drops the connection: a write is stuck past its deadline. */
    void abort();

    /** The queue's depth changed by {@code delta} (a metric). */
    void depthChanged(int delta);

    /** A message timed out (a metric). */
    void timedOut();
  }

  /** One message on its way: a {@code String} or a {@code ByteBuffer} of its own. */
  static final class Outgoing {
    final Object payload;
    final long bytes;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Guarded by the outbox's lock. By the engine's clock. */
    long deadline;

    /** Guarded by the outbox's lock: its write was stuck past the deadline. */
    boolean stuck;

    Outgoing(Object payload, long bytes) {
      this.payload = payload;
      this.bytes = bytes;
    }
  }

  private final Link link;
  private final EngineExecutor executor;
  private final EngineClock clock;
  private final int maxMessages;
  private final long maxBytes;
  private final Duration sendTimeout;
  private final long endGraceNanos;

  private final ReentrantLock lock = new ReentrantLock();

  @GuardedBy("lock")
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();

  /** The message being written, or null. */
  @GuardedBy("lock")
  private Outgoing writing;

  /** Payload bytes queued or being written. */
  @GuardedBy("lock")
  private long bytes;

  /** Whether a writer task is submitted or running. */
  @GuardedBy("lock")
  private boolean writerRunning;

  /** The thread of the running writer task, while it runs. */
  @GuardedBy("lock")
  private Thread writerThread;

  /** Once the session ended: the latest deadline any message may have. */
  @GuardedBy("lock")
  private long endDeadline;

  @GuardedBy("lock")
  private boolean ended;

  /** The wake-up armed, once its arming returned; null if none or still being armed. */
  @GuardedBy("lock")
  private EngineClock.Cancellable alarm;

  /** Whether a wake-up is armed (or being armed), and for when. */
  @GuardedBy("lock")
  private boolean alarmArmed;

  @GuardedBy("lock")
  private long alarmAt;

  /** Which arming is current; a stale wake-up finds another number and does nothing. */
  @GuardedBy("lock")
  private int alarmGeneration;

  Outbox(
      Link link,
      EngineExecutor executor,
      EngineClock clock,
      int maxMessages,
      long maxBytes,
      Duration sendTimeout,
      Duration stopTimeout) {
    this.link = link;
    this.executor = executor;
    this.clock = clock;
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.sendTimeout = sendTimeout;
    this.endGraceNanos = stopTimeout.toNanos() / 2;
  }

  /**
   * Queues {@code message}, or fails its future at once if the queue is full. Returns its future.
   *
   * @param inline the caller will wait for the write (a blocking send): when no writer runs, the
   *     caller becomes the writer for this one message, on its own thread, and hands whatever
   *     queued meanwhile to a writer task. Order is the same (it is the head of the queue), and the
   *     send timeout still bounds the write (the wake-up aborts a stuck one); what it saves is the
   *     hand-off to another thread and back for every reply of a request-response exchange.
   */
  CompletableFuture<Void> offer(Outgoing message, boolean inline) {
    long now = clock.nanoTime();
    String refused = null;
    boolean startWriter = false;
    int arm = -1;
    lock.lock();
    try {
      int depth = depth();
      if (depth >= maxMessages) {
        refused =
            "send queue full: "
                + depth
                + " messages wait to be written, the limit sendQueue maxMessages is "
                + maxMessages
                + " ("
                + bytes
                + " bytes queued)";
      } else if (depth > 0 && bytes + message.bytes > maxBytes) {
        refused =
            "send queue full: "
                + bytes
                + " bytes in "
                + depth
                + " messages wait to be written; this message of "
                + message.bytes
                + " bytes would pass the limit sendQueue maxBytes of "
                + maxBytes;
      } else {
        long deadline = now + sendTimeout.toNanos();
        message.deadline = ended && endDeadline - deadline < 0 ? endDeadline : deadline;
        queue.add(message);
        bytes += message.bytes;
        if (!writerRunning) {
          writerRunning = true;
          startWriter = true;
        }
        if (!alarmArmed) {
          arm = nextAlarm(message.deadline);
        }
      }
    } finally {
      lock.unlock();
    }
    if (refused != null) {
      message.done.completeExceptionally(new SendQueueFullException(refused));
      return message.done;
    }
    link.depthChanged(1);
    if (arm >= 0) {
      arm(arm, message.deadline);
    }
    if (startWriter) {
      if (inline) {
        drain(true);
      } else {
        startWriter();
      }
    }
    return message.done;
  }

  /** Whether the calling thread is this outbox's writer (a future's dependant runs on it). */
  boolean isWriterThread() {
    lock.lock();
    try {
      return writerThread == Thread.currentThread();
    } finally {
      lock.unlock();
    }
  }

  /** Messages queued or being written. */
  int depth() {
    lock.lock();
    try {
      return queue.size() + (writing != null ? 1 : 0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The session ended: fails the queued messages with a {@link ConnectionClosedException} of {@code
   * status}, and bounds the write in progress and every later message by the end's grace.
   */
  void sessionEnded(CloseStatus status, String why, boolean drain) {
    long now = clock.nanoTime();
    List<Outgoing> failed;
    EngineClock.Cancellable cancel = null;
    int arm = -1;
    long armAt = 0;
    lock.lock();
    try {
      if (!ended) {
        ended = true;
        endDeadline = now + endGraceNanos;
      }
      if (drain) {
        // Lost: what is queued may still go out (the transport says if it cannot), but no later
        // than the end's grace, like the write in progress.
        failed = List.of();
        for (Outgoing message : queue) {
          if (endDeadline - message.deadline < 0) {
            message.deadline = endDeadline;
          }
        }
      } else {
        failed = new ArrayList<>(queue);
        queue.clear();
        for (Outgoing message : failed) {
          bytes -= message.bytes;
        }
      }
      if (writing != null && !writing.stuck && endDeadline - writing.deadline < 0) {
        writing.deadline = endDeadline;
      }
      // The alarm follows the earliest deadline left: the write in progress (unless already
      // stuck: its alarm rang), else the head.
      Outgoing earliest = writing == null ? queue.peek() : writing.stuck ? null : writing;
      if (writing == null && earliest == null) {
        cancel = takeAlarm();
      } else if (earliest != null && (!alarmArmed || earliest.deadline - alarmAt < 0)) {
        cancel = takeAlarm();
        arm = nextAlarm(earliest.deadline);
        armAt = earliest.deadline;
      }
    } finally {
      lock.unlock();
    }
    if (cancel != null) {
      cancel.cancel();
    }
    if (arm >= 0) {
      arm(arm, armAt);
    }
    if (!failed.isEmpty()) {
      link.depthChanged(-failed.size());
      IOException cause = new IOException(why + " before the message was written");
      for (Outgoing message : failed) {
        message.done.completeExceptionally(new ConnectionClosedException(status, cause));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The writer

  private void startWriter() {
    try {
      executor.execute("writer", () -> drain(false));
    } catch (RejectedExecutionException e) {
      // No thread to write on: the engine stopped (a send on a stale connection) or the thread
      // factory failed. Nothing can be written: fail what waits.
      List<Outgoing> failed;
      EngineClock.Cancellable cancel;
      lock.lock();
      try {
        writerRunning = false;
        failed = new ArrayList<>(queue);
        queue.clear();
        for (Outgoing message : failed) {
          bytes -= message.bytes;
        }
        cancel = writing == null ? takeAlarm() : null;
      } finally {
        lock.unlock();
      }
      if (cancel != null) {
        cancel.cancel();
      }
      link.depthChanged(-failed.size());
      for (Outgoing message : failed) {
        message.done.completeExceptionally(
            new ConnectionClosedException(
                CloseStatus.ABNORMAL_CLOSURE,
                new IOException("the engine has no thread to write on", e)));
      }
    }
  }

  /**
   * The writer: writes until the queue is empty, then ends. As a task ({@code handOff} false) it
   * writes everything; on a blocking sender's thread ({@code handOff} true) it writes one message
   * and hands the rest, if any, to a writer task.
   */
  private void drain(boolean handOff) {
    boolean first = true;
    while (true) {
      Outgoing next;
      EngineClock.Cancellable cancel = null;
      boolean handOver = false;
      lock.lock();
      try {
        next = handOff && !first ? null : queue.poll();
        if (next == null && handOff && !first && !queue.isEmpty()) {
          writerThread = null; // writerRunning stays true: the task takes over
          handOver = true;
        } else if (next == null) {
          writerRunning = false;
          writerThread = null;
          cancel = takeAlarm();
        } else {
          writing = next;
          writerThread = Thread.currentThread();
        }
      } finally {
        lock.unlock();
      }
      if (handOver) {
        startWriter();
        return;
      }
      if (next == null) {
        if (cancel != null) {
          cancel.cancel();
        }
        return;
      }
      first = false;
      Throwable failure = null;
      try {
        link.write(next);
      } catch (Throwable e) {
        failure = e;
      }
      List<Outgoing> rest = List.of();
      lock.lock();
      try {
        writing = null;
        bytes -= next.bytes;
        if (failure instanceof ConnectionClosedException || failure instanceof Error) {
          // The connection is gone (or the JVM is in trouble): what waits behind fails now.
          rest = new ArrayList<>(queue);
          queue.clear();
          for (Outgoing message : rest) {
            bytes -= message.bytes;
          }
        }
        if (failure instanceof Error) {
          writerRunning = false;
          writerThread = null;
          cancel = takeAlarm();
        }
      } finally {
        lock.unlock();
      }
      link.depthChanged(-1 - rest.size());
      if (failure == null) {
        next.done.complete(null);
      } else {
        next.done.completeExceptionally(failure);
      }
      for (Outgoing message : rest) {
        message.done.completeExceptionally(failure);
      }
      if (failure instanceof Error error) {
        if (cancel != null) {
          cancel.cancel();
        }
        throw error;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The send timeout

  /** Marks a wake-up as armed for {@code at}; returns its generation, to hand to {@link #arm}. */
  @GuardedBy("lock")
  private int nextAlarm(long at) {
    alarmArmed = true;
    alarmAt = at;
    alarm = null;
    return ++alarmGeneration;
  }

  /** Disarms the wake-up; returns what cancels it (null if still being armed or none). */
  @GuardedBy("lock")
  private EngineClock.Cancellable takeAlarm() {
    EngineClock.Cancellable armed = alarm;
    alarm = null;
    alarmArmed = false;
    alarmGeneration++;
    return armed;
  }

  /** Arms wake-up {@code generation} for {@code at}; called without the lock. */
  private void arm(int generation, long at) {
    EngineClock.Cancellable armed;
    try {
      armed = clock.timeout(at, () -> rang(generation), executor.timer());
    } catch (RuntimeException e) {
      // The timer is shut down: the engine stopped, and sessionEnded() failed what was queued.
      return;
    }
    boolean stale;
    lock.lock();
    try {
      stale = generation != alarmGeneration;
      if (!stale) {
        alarm = armed;
      }
    } finally {
      lock.unlock();
    }
    if (stale) {
      armed.cancel();
    }
  }

  /** The wake-up ran (on the timer's thread): hand the work to the executor. */
  private void rang(int generation) {
    try {
      executor.execute("send-timeout", () -> expire(generation));
    } catch (RejectedExecutionException e) {
      expire(generation); // no thread: quick enough to do here, and nothing else will
    }
  }

  /** Fails the messages past their deadline, aborts a stuck write, arms the next wake-up. */
  private void expire(int generation) {
    long now = clock.nanoTime();
    List<Outgoing> timedOut = new ArrayList<>();
    List<Outgoing> closed = List.of();
    Outgoing stuck = null;
    boolean cutShort = false;
    int arm = -1;
    long armAt = 0;
    lock.lock();
    try {
      if (generation != alarmGeneration) {
        return; // disarmed meanwhile
      }
      alarm = null;
      alarmArmed = false;
      if (writing != null && !writing.stuck && writing.deadline - now <= 0) {
        stuck = writing;
        stuck.stuck = true;
        cutShort = ended && stuck.deadline == endDeadline;
      }
      while (!queue.isEmpty() && queue.peek().deadline - now <= 0) {
        Outgoing late = queue.poll();
        bytes -= late.bytes;
        timedOut.add(late);
      }
      if (stuck != null) {
        // The connection is aborted below: nothing behind the stuck write can go out.
        closed = new ArrayList<>(queue);
        queue.clear();
        for (Outgoing message : closed) {
          bytes -= message.bytes;
        }
      }
      Outgoing first = writing != null && !writing.stuck ? writing : queue.peek();
      if (first != null) {
        armAt = first.deadline;
        arm = nextAlarm(armAt);
      }
    } finally {
      lock.unlock();
    }
    if (arm >= 0) {
      arm(arm, armAt);
    }
    link.depthChanged(-timedOut.size() - closed.size());
    for (Outgoing late : timedOut) {
      link.timedOut();
      late.done.completeExceptionally(
          new TimeoutException(
              "message not written within sendTimeout "
                  + sendTimeout
                  + ": it waited in the send queue behind messages still being written"));
    }
    if (stuck != null) {
      link.timedOut();
      String why =
          cutShort
              ? "message not written: the session ended and its write was still stuck after half"
                  + " the stop timeout ("
                  + Duration.ofNanos(endGraceNanos)
                  + "); the connection was aborted"
              : "message not written within sendTimeout "
                  + sendTimeout
                  + ": its write was stuck (is the server reading?); the connection was aborted";
      stuck.done.completeExceptionally(new TimeoutException(why));
      link.abort();
    }
    if (!closed.isEmpty()) {
      ConnectionClosedException gone =
          new ConnectionClosedException(
              CloseStatus.ABNORMAL_CLOSURE,
              new IOException(
                  "the connection was aborted: a write was stuck past sendTimeout " + sendTimeout));
      for (Outgoing message : closed) {
        message.done.completeExceptionally(gone);
      }
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Outbox[" + depth() + " messages, " + bytes + " bytes]";
    } finally {
      lock.unlock();
    }
  }
}
