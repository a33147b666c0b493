package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Processes one session's messages on the engine's executor, with at most {@code limit} of them in
 * flight ({@code readers(n)}), and no thread at all while none arrives.
 *
 * <p>A <em>worker</em> is a task that loops: take the {@link ReadPermit}, {@code poll()} one
 * message, give the permit back, hand the message to {@link Processing}, and again. A worker that
 * polls nothing asks the transport to {@link #wake} the pump when something arrives ({@code
 * whenReadable}) and ends; one that finds the permit taken (a pause) asks the permit instead. A
 * worker that has taken a message starts another worker first, if fewer than {@code limit} run, so
 * that the next message is read while this one is processed. With a limit of one there is one
 * worker, and messages are processed strictly one after the other, in arrival order.
 *
 * <p>Ending: once the session {@linkplain #sessionEnding ends}, no worker starts and running ones
 * leave after the message in hand; the last to leave (or {@code sessionEnding} itself, when none
 * runs) tells the engine the session is quiet, exactly once. That is when {@code @OnClose} may run:
 * after the last {@code @OnMessage} of the session. A session that ends before its pump {@linkplain
 * #start started} is reported quiet by {@code start()}, not before: the supervisor step that starts
 * the pump (after a successful open) is then over before the step that ends the session begins, so
 * the two never run at once.
 *
 * <p>Threads: {@link #wake} is called from any thread, including the transport's I/O thread, and
 * never blocks or runs handler code: it only submits a worker. {@link #lock} guards the counts
 * below; it is never held while polling, dispatching or submitting.
 */
final class MessagePump {
  /** What the pump needs from the engine. */
  interface Processing {
    /** Runs {@code @OnMessage} (or {@code @OnReadError} for its failure) for {@code message}. */
    void dispatch(Session session, Message message, Span read);

    /** Runs {@code @OnReadError} for a read that failed without closing the connection. */
    void readError(Session session, Throwable error);

    /** The connection closed under the session. */
    void lost(Session session, ConnectionClosedException closed);

    /** The session is ending and no worker runs any more: {@code @OnClose} may run. */
    void quiet(Session session);

    /** The executor refused a worker: the engine cannot go on. */
    void cannotRun(Session session, RuntimeException refused);
  }

  private final Session session;
  private final ReadPermit permit;
  private final EngineExecutor executor;
  private final EngineTelemetry telemetry;
  private final Processing engine;
  private final int limit;

  /** The ordering key of each message, or null when messages are not ordered by key. */
  private final Function<? super Message, ?> keyOf;

  /**
   * Keys with a message in processing, each with the messages of that key that came meanwhile (a
   * worker processing a key takes those next, in arrival order). Only with {@link #keyOf}.
   */
  @GuardedBy("lock")
  private final Map<Object, ArrayDeque<Held>> busyKeys = new HashMap<>();

  /** Messages waiting in {@link #busyKeys}; at most {@code limit}, then workers stop reading. */
  @GuardedBy("lock")
  private int held;

  /** A message taken from the connection, waiting behind another of its key. */
  private record Held(Message message, Span read) {}

  /** Reader ids (1 to limit), one per worker: the {@code wsengine.reader.id} of its reads. */
  private final Attributes[] readerAttributes;

  private final ReentrantLock lock = new ReentrantLock();

  /** Workers submitted and not yet left. */
  @GuardedBy("lock")
  private int active;

  /** Which reader ids are taken by a worker. */
  @GuardedBy("lock")
  private final boolean[] taken;

  /**
   * A wake-up came while {@code limit} workers ran: the next worker about to leave goes round again
   * instead, so the arrival that caused it is not missed.
   */
  @GuardedBy("lock")
  private boolean missed;

  @GuardedBy("lock")
  private boolean ending;

  /** Whether {@link Processing#quiet} was called. */
  @GuardedBy("lock")
  private boolean reportedQuiet;

  /** Whether {@link #start} was called: until then an ending session is not reported quiet. */
  @GuardedBy("lock")
  private boolean started;

  private final Runnable wake = this::wake;

  MessagePump(
      Session session,
      ReadPermit permit,
      EngineExecutor executor,
      EngineTelemetry telemetry,
      Processing engine,
      int limit,
      Function<? super Message, ?> keyOf) {
    this.keyOf = keyOf;
    this.session = session;
    this.permit = permit;
    this.executor = executor;
    this.telemetry = telemetry;
    this.engine = engine;
    this.limit = limit;
    this.taken = new boolean[limit];
    this.readerAttributes = new Attributes[limit];
    for (int i = 0; i < limit; i++) {
      readerAttributes[i] = session.telemetry.readerAttributes(i + 1);
    }
  }

  /**
   * Starts reading: after {@code @OnOpen} returned.
   *
   * @throws RuntimeException if the executor refused the first worker (the caller cannot serve the
   *     session and drops it)
   */
  void start() {
    lock.lock();
    try {
      started = true;
    } finally {
      lock.unlock();
    }
    if (session.isEnding()) {
      sessionEnding(); // ended before it could start: report it quiet (once) all the same
      return;
    }
    startWorker(true, true);
  }

  /** Starts a worker unless {@code limit} run already. Any thread; never blocks. */
  void wake() {
    startWorker(true, false);
  }

  private void startWorker(boolean remember) {
    startWorker(remember, false);
  }

  /**
   * @param remember whether a wake-up that finds every worker busy is remembered ({@link #missed}):
   *     yes for arrivals, no for a worker starting a helper before it processes its message
   * @param rethrow whether a refusal of the executor is thrown (at start) instead of reported
   */
  private void startWorker(boolean remember, boolean rethrow) {
    int slot;
    lock.lock();
    try {
      if (ending) {
        return;
      }
      if (active >= limit) {
        missed |= remember;
        return;
      }
      active++;
      slot = freeSlot();
    } finally {
      lock.unlock();
    }
    try {
      executor.execute("reader-" + (slot + 1), () -> work(slot));
    } catch (RuntimeException refused) {
      leave(slot, false);
      if (rethrow) {
        throw refused;
      }
      engine.cannotRun(session, refused);
    }
  }

  @GuardedBy("lock")
  private int freeSlot() {
    for (int i = 0; i < limit; i++) {
      if (!taken[i]) {
        taken[i] = true;
        return i;
      }
    }
    throw new IllegalStateException("no free reader slot with " + active + " of " + limit);
  }

  /** One worker: reads and processes messages until none is waiting, or the session ends. */
  private void work(int slot) {
    boolean left = false;
    try {
      workUntilNothingWaits(slot);
      left = true;
    } finally {
      if (!left) {
        leave(slot, false); // a fatal error from a callback: it propagates, the worker is gone
      }
    }
  }

  @SuppressWarnings("try") // the scope makes the read span current for @OnReadError
  private void workUntilNothingWaits(int slot) {
    Attributes reader = readerAttributes[slot];
    do {
      while (!session.isEnding()) {
        if (tooManyHeld()) {
          break; // a worker that finishes a key's message wakes the pump
        }
        if (!permit.tryAcquireToRead(wake)) {
          break; // paused: the permit wakes us once it is free
        }
        Message message;
        try {
          message = session.transport.poll();
        } catch (ConnectionClosedException e) {
          permit.release();
          engine.lost(session, e);
          break;
        } catch (Exception e) {
          Span read = telemetry.startReadFailure(reader, e);
          try (var inRead = EngineTelemetry.activate(read)) {
            engine.readError(session, e); // under the permit: no other read until it returns
          } finally {
            permit.release();
            read.end();
          }
          continue;
        }
        if (message == null) {
          permit.release();
          session.transport.whenReadable(wake);
          break;
        }
        Span read = telemetry.startRead(reader, message);
        Object key = null;
        RuntimeException keyFailure = null;
        if (keyOf != null) {
          try {
            key = keyOf.apply(message);
          } catch (RuntimeException e) {
            keyFailure = e;
          }
          // Still under the permit, so messages of one key queue in the order they were read.
          if (keyFailure == null && !claimKey(key, message, read)) {
            permit.release();
            continue; // the worker processing that key takes it next
          }
        }
        permit.release();
        if (keyOf == null && session.isDiscarding()) {
          telemetry.discarded(read);
          read.end();
          break; // restart, exit or stop: messages not yet dispatched are discarded
        }
        if (limit > 1) {
          startWorker(false); // so the next message is read while this one is processed
        } // with one, this worker is the limit: no helper, and no lock taken per message
        if (keyOf == null) {
          engine.dispatch(session, message, read);
        } else if (keyFailure != null) {
          keyFunctionFailed(message, read, keyFailure);
        } else {
          processKey(key, message, read);
        }
      }
    } while (!leave(slot, true));
  }

  private boolean tooManyHeld() {
    if (keyOf == null) {
      return false;
    }
    lock.lock();
    try {
      return held >= limit;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims {@code key} for the calling worker if no message of it is in processing (true: process
   * it), else queues the message behind the one in processing (false). Called under the permit, so
   * that queueing follows arrival order.
   */
  private boolean claimKey(Object key, Message message, Span read) {
    lock.lock();
    try {
      ArrayDeque<Held> waiting = busyKeys.get(key);
      if (waiting != null) {
        waiting.add(new Held(message, read));
        held++;
        return false;
      }
      busyKeys.put(key, new ArrayDeque<>());
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Processes {@code message}, whose key the calling worker claimed, then every message of that key
   * that came meanwhile, in arrival order; then lets the key go. Once the session discards, what is
   * left of the key is discarded instead.
   */
  private void processKey(Object key, Message message, Span read) {
    Message next = message;
    Span nextRead = read;
    while (true) {
      if (session.isDiscarding()) {
        telemetry.discarded(nextRead);
        nextRead.end();
      } else {
        engine.dispatch(session, next, nextRead);
      }
      boolean wasFull;
      lock.lock();
      try {
        Held after = busyKeys.get(key).poll();
        if (after == null) {
          busyKeys.remove(key);
          return;
        }
        wasFull = held >= limit;
        held--;
        next = after.message;
        nextRead = after.read;
      } finally {
        lock.unlock();
      }
      if (wasFull) {
        wake(); // workers had stopped reading because too many messages were held
      }
    }
  }

  /**
   * The key function threw: the exception goes to {@code @OnReadError}, carrying the message, and
   * the message is processed without an order.
   */
  private void keyFunctionFailed(Message message, Span read, RuntimeException failure) {
    engine.readError(
        session,
        new IllegalStateException(
            "the engine's orderBy key function threw for a "
                + (message.isText() ? "text" : "binary")
                + " message; it was processed without an order",
            failure));
    if (session.isDiscarding()) {
      telemetry.discarded(read);
      read.end();
    } else {
      engine.dispatch(session, message, read);
    }
  }

  /**
   * A worker is about to leave. Returns false if it must go round again instead (a wake-up was
   * missed while it ran, and {@code mayGoRound}); otherwise it has left, and the last one out of an
   * ending session reports the session quiet.
   */
  private boolean leave(int slot, boolean mayGoRound) {
    boolean quiet;
    lock.lock();
    try {
      if (mayGoRound && missed && !ending) {
        missed = false;
        return false;
      }
      active--;
      taken[slot] = false;
      quiet = ending && active == 0 && !reportedQuiet;
      reportedQuiet |= quiet;
    } finally {
      lock.unlock();
    }
    if (quiet) {
      engine.quiet(session);
    }
    return true;
  }

  /**
   * The session is ending (the caller has marked it so): no worker starts any more. Reports the
   * session quiet at once if the pump has started and no worker runs.
   */
  void sessionEnding() {
    boolean quiet;
    lock.lock();
    try {
      ending = true;
      quiet = started && active == 0 && !reportedQuiet;
      reportedQuiet |= quiet;
    } finally {
      lock.unlock();
    }
    if (quiet) {
      engine.quiet(session);
    }
  }

  /** After an engine bug: no worker starts any more, and nothing is reported. */
  void abandon() {
    lock.lock();
    try {
      ending = true;
      reportedQuiet = true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "MessagePump[" + session + ", " + active + " of " + limit + " workers]";
    } finally {
      lock.unlock();
    }
  }
}
