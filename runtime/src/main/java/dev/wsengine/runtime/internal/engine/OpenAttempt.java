package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.OpenInfo;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.EngineClock;
import dev.wsengine.spi.TransportConnection;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One open attempt: the dial, the handshake and {@code @OnOpen}, run as a task of its own ({@code
 * open-A}, {@link #run()}), bounded by the open timeout, a wake-up on the engine's clock, so that
 * the engine can give up on an {@code @OnOpen} that hangs. Nothing waits for it: the attempt's
 * result is one {@link OpenOutcome}, handed on when it is known ({@link #open}).
 *
 * <p>Threads and lock: {@link #open} runs on the thread that starts the attempt (the caller of
 * {@code start()}, or a supervisor task), {@link #run()} on the opener task, the timeout's decision
 * on a task of its own, {@link #exiting()} on whichever thread called {@code exit()}. The mutable
 * fields are guarded by {@link #lock}, which is the engine's lock ({@code EngineCore.lock}, handed
 * over through {@link Engine#lock()}), so that the outcome and the engine's move to RUNNING are
 * decided atomically with {@code exit()}. The lock is held only for field updates, never while
 * dialing, running {@code @OnOpen} or telling the supervisor.
 */
final class OpenAttempt implements Runnable {
  /**
   * What an attempt needs of the engine's state machine. Each method takes the engine's lock itself
   * (it is reentrant: the attempt may hold it already).
   */
  interface Engine {
    /** The engine's lock: guards the state machine, and this attempt's fields. */
    ReentrantLock lock();

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

  /**
   * The session made for the dialed connection, from before {@code @OnOpen}: whose requests fail if
   * the attempt does not open (docs/requests.md).
   */
  @GuardedBy("lock")
  private Session created;

  @GuardedBy("lock")
  private Throwable error;

  /** {@link #error} is what the user's handshake hook threw: nothing was dialed. */
  @GuardedBy("lock")
  private boolean hookFailed;

  /** Dial and {@code @OnOpen} are over: {@link #session} or {@link #error} is the outcome. */
  @GuardedBy("lock")
  private boolean done;

  /** The task has returned: nothing of it runs any more. */
  @GuardedBy("lock")
  private boolean finished;

  /** The open timeout's wake-up ran. */
  @GuardedBy("lock")
  private boolean timedOut;

  /** The opener task could not start (no thread, or no timer thread): the outcome. */
  @GuardedBy("lock")
  private RuntimeException notStartedBy;

  /** The open timeout's wake-up, once armed; cancelled when the outcome is decided. */
  @GuardedBy("lock")
  private EngineClock.Cancellable timeoutWake;

  /** The decision; null until one of the deciding events ({@link #check()}). */
  @GuardedBy("lock")
  private OpenOutcome outcome;

  /** Whoever decided has told {@link #decided} and cut the opener short if needed. */
  @GuardedBy("lock")
  private boolean announced;

  /** {@link #complete()} has run or is running. */
  @GuardedBy("lock")
  private boolean completed;

  /**
   * By the engine's clock, when the open timeout passes. Set by {@link #open} before the task and
   * the wake-up start (both hand-offs publish it), read under {@link #lock} afterwards.
   */
  private long deadline;

  /** Set by {@link #open} before anything else can run, like {@link #deadline}. */
  private Consumer<OpenOutcome> decided;

  private Consumer<OpenOutcome> then;

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
    this.restarting = restarting;
    this.attempt = attempt;
    this.span = telemetry.startOpen(parent, restarting, attempt);
    this.context = span.getSpanContext().isValid() ? parent.with(span) : parent;
  }

  // ---------------------------------------------------------------------------------------------
  // The supervisor's side

  /**
   * Starts the attempt and returns: the opener task dials and runs {@code @OnOpen}, and the open
   * timeout is a wake-up on the engine's clock. The first of three events decides the outcome: the
   * opener is done, the timeout passes, or {@code exit()} is called (not from the attempt's own
   * {@code @OnOpen}). On {@link OpenOutcome.Opened} the session is current and the engine RUNNING
   * (or ending, if stopped meanwhile). Otherwise the opener is cut short (its connection aborted,
   * its thread interrupted) and, once it has returned, the connection, if any, is closed with 1001.
   *
   * @param decided told the outcome as soon as it is known, on the thread that decided it, before
   *     the attempt's task has returned: {@code start()} fails on it without waiting for an opener
   *     that does not return
   * @param then told the outcome once the attempt's task has returned and the open span has ended,
   *     on one of the engine's threads; the supervisor goes on from there
   */
  void open(Consumer<OpenOutcome> decided, Consumer<OpenOutcome> then) {
    this.decided = decided;
    this.then = then;
    // Before the task starts: the transport's handshake timeout (capped at openTimeout) starts
    // later, so it cannot pass before this deadline and be mistaken for a dial failure.
    deadline = config.clock().nanoTime() + config.openTimeout().toNanos();
    engine.inProgress(this); // before the task runs: an exit() from its @OnOpen must find it
    // The timeout first: an attempt nothing would bound never starts.
    EngineClock.Cancellable wake;
    try {
      wake = config.clock().timeout(deadline, this::timeoutPassed, executor.timer());
    } catch (RuntimeException refused) {
      notStarted(refused);
      return;
    }
    lock.lock();
    try {
      timeoutWake = wake;
    } finally {
      lock.unlock();
    }
    check(); // an exit() that came before this attempt was in progress decides it now
    boolean decidedAlready;
    lock.lock();
    try {
      decidedAlready = outcome != null; // stopped, or a timeout already due on the clock
    } finally {
      lock.unlock();
    }
    if (decidedAlready) {
      notStarted(null);
      return;
    }
    try {
      executor.execute("open-" + attempt, this);
    } catch (RuntimeException refused) {
      notStarted(refused);
    }
  }

  /**
   * The opener task never runs: {@code refused} (the executor or the timer could not take it) is
   * the outcome, unless something decided first (then {@code refused} is null).
   */
  private void notStarted(RuntimeException refused) {
    lock.lock();
    try {
      notStartedBy = refused;
      finished = true;
    } finally {
      lock.unlock();
    }
    check();
  }

  /** The open timeout passed: runs on the clock's thread, so the decision is a task of its own. */
  private void timeoutPassed() {
    lock.lock();
    try {
      timedOut = true;
    } finally {
      lock.unlock();
    }
    try {
      executor.execute("open-" + attempt, this::check);
    } catch (RuntimeException refused) {
      check(); // no thread to hand it to: decide here, which only aborts and interrupts
    }
  }

  /**
   * Called by {@code exit()} once it has released the engine's lock, when this attempt was in
   * progress: the attempt stops, unless {@code exit()} came from its own {@code @OnOpen}.
   */
  void exiting() {
    check();
  }

  /**
   * Decides the outcome if one of the deciding events has happened and nobody decided yet, then
   * does what the decision asks (tell {@code decided}, cut the opener short); and whoever is second
   * of "decided and told" and "the opener returned" finishes the attempt ({@link #complete()}).
   * Runs on the opener's thread, a timeout task, or the thread that called {@code exit()}.
   */
  private void check() {
    OpenOutcome decidedNow = null;
    Session notOpened = null;
    boolean interrupt = false;
    TransportConnection dialed = null;
    EngineClock.Cancellable wake = null;
    lock.lock();
    try {
      if (outcome == null) {
        boolean stopped = engine.exitRequested();
        if (!done && !(stopped && !calledExit) && !timedOut && notStartedBy == null) {
          return; // nothing decisive yet
        }
        if (notStartedBy != null) {
          outcome = new OpenOutcome.NotStarted(notStartedBy);
        } else if (done && error == null && !(stopped && calledExit)) {
          engine.opened(session);
          outcome = new OpenOutcome.Opened(session, stopped);
        } else if (stopped) {
          interrupt = !done;
          outcome = new OpenOutcome.Stopped(error, transport != null, calledExit);
        } else if (!done) {
          interrupt = true;
          outcome = new OpenOutcome.Failed(timeout(), true, transport != null);
        } else if (timedOut || config.clock().nanoTime() - deadline >= 0) {
          // The transport's handshake timeout is capped at openTimeout, so it may fire first by a
          // hair: to the user that is the same open timeout (with the transport's error as cause).
          outcome = new OpenOutcome.Failed(error, true, transport != null);
        } else {
          outcome = new OpenOutcome.Failed(error, false, transport != null);
        }
        engine.inProgress(null);
        decidedNow = outcome;
        notOpened = outcome instanceof OpenOutcome.Opened ? null : created;
        dialed = transport;
        wake = timeoutWake;
      }
    } finally {
      lock.unlock();
    }
    if (decidedNow != null) {
      if (wake != null) {
        wake.cancel();
      }
      if (notOpened != null) {
        notOpened.failRequests("its open failed or was stopped", CloseStatus.GOING_AWAY);
      }
      if (decidedNow instanceof OpenOutcome.Opened opened && opened.stopping()) {
        // Ended under the lock as it became current: no worker runs yet, so the pump reports it
        // quiet when the supervisor starts it, and the next supervisor task gives it its @OnClose.
        opened.session().failRequests("exit() or stop() was called", CloseStatus.GOING_AWAY);
        opened.session().pump.sessionEnding();
      }
      decided.accept(decidedNow);
      if (interrupt) {
        // Wake the opener: abort() unblocks a dial or an @OnOpen stuck in I/O, interrupt() a wait.
        if (dialed != null) {
          dialed.abort();
        }
        interrupt();
      }
    }
    boolean complete;
    lock.lock();
    try {
      if (decidedNow != null) {
        announced = true;
      }
      complete = announced && finished && !completed;
      completed |= complete;
    } finally {
      lock.unlock();
    }
    if (complete) {
      complete();
    }
  }

  /**
   * The attempt is decided and its task has returned: closes a connection that did not become a
   * session, ends the open span, and tells {@code then} on an engine thread.
   */
  private void complete() {
    OpenOutcome result;
    TransportConnection dialed;
    lock.lock();
    try {
      result = outcome;
      dialed = transport;
    } finally {
      lock.unlock();
    }
    Throwable failure = null;
    boolean stopped = false;
    if (result instanceof OpenOutcome.Opened) {
      telemetry.connectionOpened();
    } else {
      if (dialed != null) {
        closeQuietly(dialed, CloseStatus.GOING_AWAY);
      }
      if (result instanceof OpenOutcome.Failed failed) {
        failure = failed.error();
      } else if (result instanceof OpenOutcome.NotStarted notStarted) {
        failure = notStarted.refused();
      } else if (result instanceof OpenOutcome.Stopped cut) {
        failure = cut.error();
        stopped = true;
      }
    }
    telemetry.endOpen(span, failure, stopped);
    if (executor.isEngineThread()) {
      then.accept(result);
      return;
    }
    // Decided by exit() on a caller's thread just as the opener returned: the supervisor goes on
    // on an engine thread, not on the caller's.
    try {
      executor.execute("supervisor", () -> then.accept(result));
    } catch (RuntimeException refused) {
      then.accept(result);
    }
  }

  private TimeoutException timeout() {
    return new TimeoutException(
        "opening "
            + config.displayUri()
            + " and running @OnOpen took longer than openTimeout "
            + config.openTimeout());
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
      boolean inHook;
      lock.lock();
      try {
        inHook = hookFailed;
      } finally {
        lock.unlock();
      }
      if (inHook) {
        return new EngineStartException(
            "beforeHandshake failed, so " + where + " was not dialed: " + failed.error(),
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
      } finally {
        lock.unlock();
      }
      Thread.interrupted(); // one sent before, meant for the dial or @OnOpen, must not leak
      check();
    }
  }

  @SuppressWarnings("try") // the scope makes the open span current on this thread
  private void dialAndCallOnOpen() {
    Session opened = null;
    Throwable failure = null;
    boolean inHook = false;
    try (var inOpen = EngineTelemetry.activate(context)) {
      TransportConnection dialed = dial();
      lock.lock();
      try {
        transport = dialed; // from now on a timeout can abort it
      } finally {
        lock.unlock();
      }
      opened = engine.newSession(dialed, span);
      lock.lock();
      try {
        created = opened;
      } finally {
        lock.unlock();
      }
      OpenInfo info =
          restarting
              ? OpenInfo.restart(attempt, dialed.handshake())
              : OpenInfo.first(dialed.handshake());
      callbacks.open(opened.connection, info);
    } catch (HookFailed e) {
      failure = e.getCause();
      inHook = true;
    } catch (Throwable e) {
      failure = e;
      if (opened != null) {
        opened.failRequests("its @OnOpen threw", CloseStatus.GOING_AWAY);
      }
      opened = null;
    }
    lock.lock();
    try {
      session = opened;
      error = failure;
      hookFailed = inHook;
      done = true;
    } finally {
      lock.unlock();
    }
    callbacks.rethrowIfFatal(failure);
  }

  /**
   * The user's handshake hook, then dial and handshake, in the {@code websocket.connect} span.
   *
   * @throws HookFailed wrapping what the hook threw
   */
  private TransportConnection dial() throws HookFailed, IOException, InterruptedException {
    Span connect = telemetry.startConnect();
    Throwable failure = null;
    try {
      ConnectOptions options;
      try {
        options = config.handshake().prepare(attempt, connectOptions);
      } catch (Exception e) {
        failure = e;
        throw new HookFailed(e);
      }
      if (options != connectOptions) {
        telemetry.attemptSecrets(options); // before the dial: its errors may quote them
      }
      return config.transport().connect(config.uri(), telemetry.withTraceContext(options, connect));
    } catch (Throwable e) {
      if (failure == null) {
        failure = e;
      }
      throw e;
    } finally {
      telemetry.end(connect, failure);
    }
  }

  /** What the user's handshake hook threw, as the cause: the attempt fails with the cause. */
  private static final class HookFailed extends Exception {
    private static final long serialVersionUID = 1L;

    HookFailed(Exception cause) {
      super(null, cause, false, false);
    }
  }
}
