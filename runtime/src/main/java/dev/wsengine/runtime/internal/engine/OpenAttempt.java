package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.OpenInfo;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One open attempt: the dial, the handshake and {@code @OnOpen}, run as a task of its own ({@code
 * open-A}, {@link #run()}) while the supervisor task waits for it in {@link #open} at most the open
 * timeout, so that it can give up on an {@code @OnOpen} that hangs. The attempt's result is one
 * {@link OpenOutcome}.
 *
 * <p>Threads and lock: {@link #open} runs on a supervisor task ({@link Supervisor}), {@link #run()}
 * on the opener task, {@link #exitCalled()} on whichever thread calls {@code exit()}. The mutable
 * fields are guarded by {@link #lock}, which is the engine's lock ({@code EngineCore.lock}, handed
 * over through {@link Engine#lock()}): the wait for the attempt and the state machine's {@code
 * exitRequested} are one condition, so the outcome ({@code done}, the session) and the engine's
 * move to RUNNING are decided atomically. The lock is held only for field updates and condition
 * waits, never while dialing or running {@code @OnOpen}.
 */
final class OpenAttempt implements Runnable {
  /**
   * What an attempt needs of the engine's state machine. Each method takes the engine's lock itself
   * (it is reentrant: the attempt may hold it already).
   */
  interface Engine {
    /** The engine's lock: guards the state machine, and this attempt's fields. */
    ReentrantLock lock();

    /** Signalled under {@link #lock()} on every change of the engine's state. */
    Condition changed();

    /** Whether {@code exit()} or {@code stop()} was called (or the engine gave up). */
    boolean exitRequested();

    /** The attempt in progress, or null: where {@code exit()} from its {@code @OnOpen} finds it. */
    void inProgress(OpenAttempt attempt);

    /**
     * {@code @OnOpen} returned and the attempt is taken: {@code opened} becomes the current session
     * and the engine RUNNING; or, if the engine stops meanwhile, the session ends at once.
     */
    void opened(Session opened);

    /** A new session on {@code dialed}; its later spans link to {@code openSpan}. */
    Session newSession(TransportConnection dialed, Span openSpan);

    void exit();
  }

  private final Engine engine;
  private final EngineConfig config;
  private final ConnectOptions connectOptions;
  private final EngineTelemetry telemetry;
  private final EngineExecutor executor;
  private final Callbacks callbacks;

  /** The engine's lock ({@link Engine#lock()}). */
  private final ReentrantLock lock;

  /** The engine's condition ({@link Engine#changed()}). */
  private final Condition changed;

  private final boolean restarting;
  private final int attempt;

  /** The {@code wsengine.open} span, which the session's later spans link to. */
  private final Span span;

  /** The open span's context: the parent of the dial's and {@code @OnOpen}'s spans. */
  private final Context context;

  /** The thread running the task while it runs; null before and after. */
  @GuardedBy("lock")
  private Thread thread;

  @GuardedBy("lock")
  private TransportConnection transport;

  @GuardedBy("lock")
  private Session session;

  @GuardedBy("lock")
  private Throwable error;

  /** Dial and {@code @OnOpen} are over: {@link #session} or {@link #error} is the outcome. */
  @GuardedBy("lock")
  private boolean done;

  /** The task has returned: nothing of it runs any more. */
  @GuardedBy("lock")
  private boolean finished;

  /** {@code @OnOpen} called {@code exit()}: the supervisor lets it return instead of cutting it. */
  @GuardedBy("lock")
  private boolean calledExit;

  /**
   * An attempt in its {@code wsengine.open} span, a child of {@code parent}: the start span for the
   * first, the restart span for a reconnect. {@code attempt} is 0 for the first open.
   */
  OpenAttempt(
      Engine engine,
      EngineConfig config,
      ConnectOptions connectOptions,
      EngineTelemetry telemetry,
      EngineExecutor executor,
      Callbacks callbacks,
      boolean restarting,
      int attempt,
      Context parent) {
    this.engine = engine;
    this.config = config;
    this.connectOptions = connectOptions;
    this.telemetry = telemetry;
    this.executor = executor;
    this.callbacks = callbacks;
    this.lock = engine.lock();
    this.changed = engine.changed();
    this.restarting = restarting;
    this.attempt = attempt;
    this.span = telemetry.startOpen(parent, restarting, attempt);
    this.context = span.getSpanContext().isValid() ? parent.with(span) : parent;
  }

  // ---------------------------------------------------------------------------------------------
  // The supervisor's side

  /**
   * Makes the attempt and waits for it, at most the open timeout, then ends its span. On {@link
   * OpenOutcome.Opened} the session is current and the engine RUNNING (or ending, if stopped
   * meanwhile). Otherwise the connection, if any, is closed with 1001. Either way the attempt's
   * task has returned.
   *
   * @param decided told the outcome as soon as it is known, before the wait for the attempt's task
   *     to return: {@code start()} fails on it without waiting for an opener that does not return
   */
  OpenOutcome open(Consumer<OpenOutcome> decided) {
    OpenOutcome outcome;
    try {
      outcome = dialAndOpen(decided);
    } catch (RuntimeException | Error e) {
      telemetry.end(span, e);
      throw e;
    }
    Throwable failure = null;
    boolean stopped = false;
    if (outcome instanceof OpenOutcome.Opened) {
      telemetry.connectionOpened();
    } else if (outcome instanceof OpenOutcome.Failed failed) {
      failure = failed.error();
    } else if (outcome instanceof OpenOutcome.NotStarted notStarted) {
      failure = notStarted.refused();
    } else if (outcome instanceof OpenOutcome.Stopped cut) {
      failure = cut.error();
      stopped = true;
    }
    telemetry.endOpen(span, failure, stopped);
    return outcome;
  }

  private OpenOutcome dialAndOpen(Consumer<OpenOutcome> decided) {
    // Before the task starts: the transport's handshake timeout (capped at openTimeout) starts
    // later, so it cannot pass before this deadline and be mistaken for a dial failure.
    long deadline = config.clock().nanoTime() + config.openTimeout().toNanos();
    engine.inProgress(this); // before the task runs: an exit() from its @OnOpen must find it
    try {
      executor.execute("open-" + attempt, this);
    } catch (RuntimeException refused) {
      engine.inProgress(null);
      OpenOutcome notStarted = new OpenOutcome.NotStarted(refused);
      decided.accept(notStarted);
      return notStarted;
    }
    OpenOutcome outcome;
    boolean interrupt = false;
    boolean interrupted = false;
    TransportConnection dialed;
    lock.lock();
    try {
      try {
        while (!done && !(engine.exitRequested() && !calledExit)) {
          if (deadline - config.clock().nanoTime() <= 0) {
            break;
          }
          config.clock().awaitUntil(lock, changed, deadline);
        }
        boolean stopped = engine.exitRequested();
        if (done && error == null && !(stopped && calledExit)) {
          engine.opened(session);
          outcome = new OpenOutcome.Opened(session, stopped);
        } else if (stopped) {
          interrupt = !done;
          outcome = new OpenOutcome.Stopped(error, transport != null, calledExit);
        } else if (!done) {
          interrupt = true;
          outcome = new OpenOutcome.Failed(timeout(), true, transport != null);
        } else if (config.clock().nanoTime() - deadline >= 0) {
          // The transport's handshake timeout is capped at openTimeout, so it may fire first by a
          // hair: to the user that is the same open timeout (with the transport's error as cause).
          outcome = new OpenOutcome.Failed(error, true, transport != null);
        } else {
          outcome = new OpenOutcome.Failed(error, false, transport != null);
        }
      } catch (InterruptedException e) {
        // Nobody interrupts the supervisor; if the JVM does, give up this attempt like a stop
        // would.
        interrupted = true;
        interrupt = true;
        outcome = new OpenOutcome.Stopped(null, transport != null, calledExit);
      }
      dialed = transport;
      engine.inProgress(null);
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      engine.exit();
      Thread.currentThread().interrupt();
    }
    if (outcome instanceof OpenOutcome.Opened opened && opened.stopping()) {
      // Ended under the lock as it became current: no worker runs yet, so the pump reports it
      // quiet now and its supervisor task gives it its @OnClose.
      opened.session().pump.sessionEnding();
    }
    decided.accept(outcome);
    if (outcome instanceof OpenOutcome.Opened) {
      awaitFinished();
      return outcome;
    }
    if (interrupt) {
      // Wake the opener: abort() unblocks a dial or an @OnOpen stuck in I/O, interrupt() a wait.
      if (dialed != null) {
        dialed.abort();
      }
      interrupt();
    }
    awaitFinished();
    lock.lock();
    try {
      dialed = transport;
    } finally {
      lock.unlock();
    }
    if (dialed != null) {
      closeQuietly(dialed, CloseStatus.GOING_AWAY);
    }
    return outcome;
  }

  private TimeoutException timeout() {
    return new TimeoutException(
        "opening "
            + config.displayUri()
            + " and running @OnOpen took longer than openTimeout "
            + config.openTimeout());
  }

  /** Waits until the opener's task has returned (the engine never gives up on it). */
  private void awaitFinished() {
    lock.lock();
    try {
      while (!finished) {
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Interrupts the dial or {@code @OnOpen}, if the task still runs. */
  private void interrupt() {
    lock.lock();
    try {
      if (thread != null) {
        thread.interrupt();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Called by {@code exit()} (holding the engine's lock) while this attempt is in progress: from
   * its own {@code @OnOpen}, the supervisor lets {@code @OnOpen} return instead of interrupting it.
   */
  void exitCalled() {
    lock.lock();
    try {
      if (thread == Thread.currentThread()) {
        calledExit = true;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Why the first open failed, for {@code start()} to throw; null for an opened session. */
  EngineStartException startFailure(OpenOutcome outcome) {
    String where = config.displayUri();
    String handlerName = callbacks.handlerName();
    if (outcome instanceof OpenOutcome.Opened opened) {
      return opened.stopping()
          ? new EngineStartException("the engine was stopped while starting", null)
          : null;
    } else if (outcome instanceof OpenOutcome.NotStarted notStarted) {
      return new EngineStartException(
          "could not start a thread for " + where, notStarted.refused());
    } else if (outcome instanceof OpenOutcome.Failed failed) {
      if (failed.timedOut()) {
        return new EngineStartException(
            "could not open " + where + " within openTimeout " + config.openTimeout(),
            failed.error());
      }
      return failure(where, handlerName, failed.error(), failed.dialed());
    } else {
      OpenOutcome.Stopped stopped = (OpenOutcome.Stopped) outcome;
      if (stopped.error() != null) {
        return failure(where, handlerName, stopped.error(), stopped.dialed());
      }
      return new EngineStartException(
          stopped.calledExit()
              ? "@OnOpen of " + handlerName + " called exit(); the connection was closed"
              : "the engine was stopped while starting",
          null);
    }
  }

  private static EngineStartException failure(
      String where, String handlerName, Throwable error, boolean dialed) {
    return dialed
        ? new EngineStartException("@OnOpen of " + handlerName + " failed: " + error, error)
        : new EngineStartException(dialFailure(where, error), error);
  }

  /**
   * Why the dial failed, said once: a transport's message that already names the URI (Tyrus's
   * {@code could not connect to ws://h/p: Connection refused}) is the whole message; any other (a
   * refused handshake's {@code server refused the WebSocket handshake with HTTP status 404}) is put
   * after {@code could not connect to <uri>: }. The cause keeps the exception's type.
   */
  static String dialFailure(String where, Throwable error) {
    String reason = error.getMessage() == null ? error.toString() : error.getMessage();
    return reason.contains(where) ? reason : "could not connect to " + where + ": " + reason;
  }

  private static void closeQuietly(TransportConnection connection, CloseStatus status) {
    try {
      connection.close(status);
    } catch (Exception e) {
      connection.abort();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The opener task

  @Override
  public void run() {
    lock.lock();
    try {
      thread = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    try {
      dialAndCallOnOpen();
    } finally {
      lock.lock();
      try {
        thread = null; // from now on no interrupt is sent to this thread
        finished = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      Thread.interrupted(); // one sent before, meant for the dial or @OnOpen, must not leak
    }
  }

  @SuppressWarnings("try") // the scope makes the open span current on this thread
  private void dialAndCallOnOpen() {
    Session opened = null;
    Throwable failure = null;
    try (var inOpen = EngineTelemetry.activate(context)) {
      TransportConnection dialed = dial();
      lock.lock();
      try {
        transport = dialed; // from now on a timeout can abort it
      } finally {
        lock.unlock();
      }
      opened = engine.newSession(dialed, span);
      OpenInfo info =
          restarting
              ? OpenInfo.restart(attempt, dialed.handshake())
              : OpenInfo.first(dialed.handshake());
      callbacks.open(opened.connection, info);
    } catch (Throwable e) {
      failure = e;
      opened = null;
    }
    lock.lock();
    try {
      session = opened;
      error = failure;
      done = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    callbacks.rethrowIfFatal(failure);
  }

  /** Dial and handshake, in the {@code websocket.connect} span. */
  private TransportConnection dial() throws IOException, InterruptedException {
    Span connect = telemetry.startConnect();
    Throwable failure = null;
    try {
      return config
          .transport()
          .connect(config.uri(), telemetry.withTraceContext(connectOptions, connect));
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      telemetry.end(connect, failure);
    }
  }
}
