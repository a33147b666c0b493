package dev.wsengine.runtime.internal.engine;

import dev.wsengine.CloseStatus;
import dev.wsengine.RestartAttempt;
import dev.wsengine.internal.Durations;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.Outage;
import dev.wsengine.runtime.ReconnectPolicy.Action;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
import dev.wsengine.runtime.internal.telemetry.RestartTrace;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.EngineClock;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The supervisor tasks of an engine: the first open, and ending each session ({@code @OnClose}, the
 * close frame), backing off and reconnecting ({@code @OnRestartError}), and the final move to
 * STOPPED. See "Ending a session" and "Reconnecting" in {@code docs/concurrency.md}.
 *
 * <p>Threads: no step waits. {@link #supervise} starts the first open attempt on the caller of
 * {@code start()}; every later step is a {@code supervisor} task, or the continuation of an open
 * attempt on the thread that finished it: {@link #afterSession} when a session's pump is quiet
 * ({@link #sessionQuiet}), {@link #afterBackoff} when the backoff's wake-up on the engine's clock
 * runs (or {@code exit()} runs it early), {@link #afterAttempt} when a reconnect attempt is
 * decided. The steps of a run follow one another: each one's last act starts the next (a pump, a
 * wake-up, an attempt) or finishes the run, so at most one runs at a time.
 *
 * <p>Lock: its only mutable state, {@link #outage} and {@link #finishing}, is handed from step to
 * step. It changes the engine's state only through {@link Engine}, whose methods take the engine's
 * lock ({@code EngineCore.lock}); it takes that lock itself only to read why a session ended. Never
 * held while a handler or transport method runs.
 */
final class Supervisor {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.runtime");

  /**
   * What the supervisor needs of the engine's state machine, beyond an open attempt's. Each method
   * takes the engine's lock itself.
   */
  interface Engine extends OpenAttempt.Engine {
    /**
     * The session {@code ended} is closed: it is no longer current. Unless the engine stops (then
     * false), moves to RESTARTING, and resets the reconnect attempt count if {@code resetCount}
     * (the policy said RECONNECT) or the session stayed up the policy's {@code resetAfter}.
     */
    boolean restarting(Session ended, boolean resetCount);

    /**
     * Counts one more reconnect attempt, from 0 again if {@code resetCount}; its number, from 1.
     */
    int nextAttempt(boolean resetCount);

    /**
     * The engine stops by itself because of {@code cause} (the policy said STOP, or gave up): its
     * termination cause, unless {@code exit()} or {@code stop()} came first.
     */
    void stopsBecause(Outage cause);

    /**
     * The engine backs off: {@code exit()} runs {@code wake} to cut the wait short. Null when the
     * backoff is over. Returns false, registering nothing, when {@code exit()} was already called.
     */
    boolean backingOff(Runnable wake);

    /** The context {@code exit()} or {@code stop()} was called in, or null. */
    Context exitContext();

    /** No more sessions: STOPPING (if not already), with no current session. */
    void stopping();

    /** STOPPING to STOPPED. */
    void stopped();

    /**
     * After an engine bug: the engine stops; the current session, if any, is ended and returned.
     */
    Session abandon();
  }

  private final Engine engine;
  private final EngineConfig config;
  private final ConnectOptions connectOptions;
  private final EngineTelemetry telemetry;
  private final EngineExecutor executor;
  private final ReadPermit permit;
  private final MessageCodecs codecs;
  private final Callbacks callbacks;

  /** Prefix of the engine's thread names, for the log. */
  private final String name;

  /**
   * The outage in progress (its restart span), from a session's end until a reconnect opens one or
   * the engine stops. Only the supervisor steps touch it, and they follow one another (each starts
   * the next through an executor or the clock, which publish it). A step that starts a session's
   * pump lets go of it first: that session's end may begin the next outage at once.
   */
  private volatile RestartTrace outage;

  /** The run's {@link #finish()} has begun; reset when a run starts. */
  private final AtomicBoolean finishing = new AtomicBoolean();

  Supervisor(
      Engine engine,
      EngineConfig config,
      ConnectOptions connectOptions,
      EngineTelemetry telemetry,
      EngineExecutor executor,
      ReadPermit permit,
      MessageCodecs codecs,
      Callbacks callbacks,
      String name) {
    this.engine = engine;
    this.config = config;
    this.connectOptions = connectOptions;
    this.telemetry = telemetry;
    this.executor = executor;
    this.permit = permit;
    this.codecs = codecs;
    this.callbacks = callbacks;
    this.name = name;
  }

  /** One open attempt; see {@link OpenAttempt}. */
  private OpenAttempt attempt(boolean restarting, int attempt, Context parent) {
    return new OpenAttempt(
        engine,
        config,
        connectOptions,
        telemetry,
        executor,
        callbacks,
        restarting,
        attempt,
        parent);
  }

  /** A run begins: its {@link #finish()} is still to come. */
  void begin() {
    finishing.set(false);
    outage = null;
  }

  /**
   * The first step of a run, on the caller of {@code start()}: starts the first open attempt, whose
   * outcome starts the session's pump or stops the engine. Never throws: a failure fails {@code
   * opened}, which {@code start()} waits on.
   */
  void supervise(CompletableFuture<Void> opened, Context startContext) {
    step(
        opened,
        () -> {
          OpenAttempt attempt = attempt(false, 0, startContext);
          attempt.open(
              decided -> {
                EngineStartException failure = attempt.startFailure(decided);
                if (failure != null) {
                  opened.completeExceptionally(failure);
                }
              },
              outcome -> step(opened, () -> firstOpened(outcome, opened)));
        });
  }

  private void firstOpened(OpenOutcome outcome, CompletableFuture<Void> opened) {
    if (outcome instanceof OpenOutcome.Opened first) {
      first.session().pump.start();
      opened.complete(null); // unless failed above: stopped as @OnOpen returned
    } else {
      finish();
    }
  }

  /** The session's pump is quiet after its end: the rest of the session's end runs as a task. */
  void sessionQuiet(Session ended) {
    try {
      executor.execute("supervisor", () -> step(null, () -> afterSession(ended)));
    } catch (RuntimeException refused) {
      // No thread to close the session on (the thread factory failed): the engine cannot go on.
      LOG.log(Level.ERROR, name + ": no thread to end " + ended + " on; stopping", refused);
      abandonSession();
      ended.transport.abort();
      finish();
    }
  }

  /**
   * Ends a session whose last message was processed ({@code @OnClose}, the close frame), then
   * starts reconnecting or stops.
   */
  @SuppressWarnings({"MustBeClosedChecker", "try"}) // endOutage() closes the outage's trace
  private void afterSession(Session ended) {
    long endedAt = config.clock().nanoTime();
    Outage cause = closeSession(ended);
    // restart() is the user's own call to reconnect: no cause for the policy to judge.
    Action action = cause == null ? Action.BACK_OFF : actionFor(cause);
    if (!engine.restarting(ended, action == Action.RECONNECT)) {
      finish();
      return;
    }
    RestartTrace restart = telemetry.startRestart(ended.telemetry, endedAt);
    outage = restart;
    try (var inOutage = EngineTelemetry.activate(restart.context())) {
      if (cause != null) {
        restart.decided(cause, action);
      }
      if (action == Action.STOP) {
        stopBecause(cause);
        return;
      }
      nextAttempt(cause, action == Action.RECONNECT);
    }
  }

  /** The policy's action for {@code cause}; null counts as BACK_OFF. */
  private Action actionFor(Outage cause) {
    Action action = config.reconnect().actionFor(cause);
    return action == null ? Action.BACK_OFF : action;
  }

  /** The policy said STOP about {@code cause}: the engine stops, with it as the reason. */
  private void stopBecause(Outage cause) {
    LOG.log(
        Level.INFO,
        "{0}: the reconnect policy stopped the engine for {1} after {2}",
        name,
        config.displayUri(),
        cause);
    engine.stopsBecause(cause);
    outage.stoppedByPolicy(cause);
    finish();
  }

  /**
   * Counts the next reconnect attempt (from 1 again if {@code resetCount}) and backs off before it
   * ({@link #afterBackoff} follows), or gives up and stops. {@code cause}: the outage it follows,
   * whose {@code Retry-After} is the least delay; null after {@code restart()}.
   */
  @SuppressWarnings("try") // the scope makes the restart span current for the policy's callbacks
  private void nextAttempt(Outage cause, boolean resetCount) {
    RestartTrace restart = outage;
    try (var inOutage = EngineTelemetry.activate(restart.context())) {
      int attempt = engine.nextAttempt(resetCount);
      Optional<Duration> delay = config.reconnect().delayBefore(attempt);
      if (delay.isEmpty()) {
        LOG.log(
            Level.INFO,
            "{0}: reconnecting to {1} gave up after {2} attempts",
            name,
            config.displayUri(),
            attempt - 1);
        if (cause != null) {
          engine.stopsBecause(cause);
        }
        restart.gaveUp(attempt - 1);
        finish();
        return;
      }
      Duration wait = delay.get();
      Optional<Duration> retryAfter = cause == null ? Optional.empty() : cause.retryAfter();
      if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
        wait = retryAfter.get();
      }
      restart.backoff(attempt, wait);
      backoff(wait, () -> step(null, () -> afterBackoff(attempt)));
    }
  }

  /**
   * Arranges for {@code next} to run as a supervisor task once {@code delay} has passed on the
   * engine's clock, or at once when {@code exit()} is called meanwhile. No thread waits for it.
   */
  private void backoff(Duration delay, Runnable next) {
    if (delay.isZero() || delay.isNegative()) {
      next.run(); // nothing to wait for (attempt 1 of most policies): not a sleep
      return;
    }
    long deadline = config.clock().nanoTime() + Durations.saturatedNanos(delay);
    Wake wake = new Wake(() -> continueAs("supervisor", next));
    if (!engine.backingOff(wake)) {
      next.run(); // exit() came first: the next step sees it and stops
      return;
    }
    EngineClock.Cancellable timer;
    try {
      timer = config.clock().sleep(deadline, wake, executor.timer());
    } catch (RuntimeException refused) {
      LOG.log(Level.ERROR, name + ": no thread to wait for the backoff on; stopping", refused);
      engine.backingOff(null);
      engine.exit();
      next.run();
      return;
    }
    wake.armed(timer);
  }

  /** The backoff has passed (or exit() cut it short): makes the attempt, unless stopping. */
  @SuppressWarnings("try") // the scope makes the restart span the attempt's parent
  private void afterBackoff(int attempt) {
    engine.backingOff(null);
    RestartTrace restart = outage;
    try (var inOutage = EngineTelemetry.activate(restart.context())) {
      if (engine.exitRequested()) {
        finish();
        return;
      }
      attempt(true, attempt, Context.current())
          .open(decided -> {}, outcome -> step(null, () -> afterAttempt(attempt, outcome)));
    }
  }

  /** A reconnect attempt's outcome: the session runs, the engine stops, or the next attempt. */
  @SuppressWarnings("try") // the scope makes the restart span current for @OnRestartError
  private void afterAttempt(int attempt, OpenOutcome outcome) {
    RestartTrace restart = outage;
    try (var inOutage = EngineTelemetry.activate(restart.context())) {
      if (outcome instanceof OpenOutcome.Opened reopened) {
        restart.reconnected(attempt);
        // Handed back before the pump starts: the session may end at once, and its afterSession
        // step (on another thread) then begins the next outage in this field.
        outage = null;
        reopened.session().pump.start();
        restart.close();
      } else if (outcome instanceof OpenOutcome.Stopped) {
        finish();
      } else {
        restart.attemptFailed(attempt);
        Throwable error =
            outcome instanceof OpenOutcome.Failed failed
                ? failed.error()
                : ((OpenOutcome.NotStarted) outcome).refused();
        callbacks.restartError(RestartAttempt.of(attempt, error));
        Outage cause = Outage.failed(error, attempt);
        Action action = actionFor(cause);
        restart.decided(cause, action);
        if (action == Action.STOP) {
          stopBecause(cause);
          return;
        }
        nextAttempt(cause, action == Action.RECONNECT);
      }
    }
  }

  /**
   * Runs one supervisor step. A failure in it is an engine or transport bug: the engine stops
   * rather than be left half running ({@code opened}, if given, fails with it for {@code start()}),
   * and the failure goes on to the thread's handler when this is an engine thread.
   */
  private void step(CompletableFuture<Void> opened, Runnable body) {
    try {
      body.run();
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "wsengine supervisor failed; stopping the engine", e);
      if (opened != null) {
        opened.completeExceptionally(new EngineStartException("engine failed while starting", e));
      }
      abandonSession();
      finish();
      if (executor.isEngineThread()) {
        throw e;
      }
    }
  }

  /** Runs {@code next} as a task; with no thread to run it on, the engine cannot go on. */
  private void continueAs(String role, Runnable next) {
    try {
      executor.execute(role, next);
    } catch (RuntimeException refused) {
      LOG.log(Level.ERROR, name + ": no thread to go on with; stopping", refused);
      abandonSession();
      finish();
    }
  }

  /**
   * Fires once: from the engine's clock when the backoff has passed, or from {@code exit()}, which
   * cancels the clock's wake-up. Either way its continuation runs exactly once.
   */
  static final class Wake implements Runnable {
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Runnable then;
    private volatile EngineClock.Cancellable timer;

    Wake(Runnable then) {
      this.then = then;
    }

    @Override
    public void run() {
      if (fired.compareAndSet(false, true)) {
        EngineClock.Cancellable armed = timer;
        if (armed != null) {
          armed.cancel();
        }
        then.run();
      }
    }

    /** The clock's wake-up; cancelled at once if this already fired. */
    void armed(EngineClock.Cancellable wakeup) {
      timer = wakeup;
      if (fired.get()) {
        wakeup.cancel();
      }
    }
  }

  /**
   * Closes the session (its {@code @OnClose}, the close frame) and says why it ended: the status
   * received ({@code 1006} if none came) when the connection was lost, or null when {@code
   * restart()}, {@code exit()} or {@code stop()} ended it.
   */
  @SuppressWarnings("try") // the scopes make the shutdown and @OnClose spans current
  private Outage closeSession(Session closing) {
    CloseStatus received;
    Session.End why;
    Context stoppedBy;
    ReentrantLock lock = engine.lock();
    lock.lock();
    try {
      received = closing.received;
      why = closing.end;
      stoppedBy = why == Session.End.EXIT ? engine.exitContext() : null;
    } finally {
      lock.unlock();
    }
    Span shutdown = telemetry.startShutdown(closing.telemetry, why.name(), received, stoppedBy);
    try (var inShutdown = EngineTelemetry.activate(shutdown)) {
      CloseStatus reply = callbacks.close(closing.connection, received);
      CloseStatus send = reply == null ? CloseStatus.GOING_AWAY : reply;
      if (!send.isSendable()) {
        // Handing back the status received ("return received;") after a dropped link (1006) or
        // a close frame without a code (1005) is not a mistake: there is nothing to answer with.
        if (received == null || send.code() != received.code()) {
          callbacks.closeError(
              new IllegalArgumentException(
                  "@OnClose returned "
                      + send
                      + ", which may not be sent in a close frame; sent "
                      + CloseStatus.GOING_AWAY
                      + " instead"));
        }
        send = CloseStatus.GOING_AWAY;
      }
      Span close = telemetry.startClose(send);
      try {
        closing.transport.close(send);
        close.end();
      } catch (Throwable e) {
        telemetry.end(close, e);
        callbacks.rethrowIfFatal(e);
        closing.transport.abort();
        callbacks.closeError(e);
      }
    } finally {
      shutdown.end();
      telemetry.connectionClosed();
    }
    if (why != Session.End.LOST) {
      return null;
    }
    return Outage.closed(received != null ? received : CloseStatus.ABNORMAL_CLOSURE);
  }

  /**
   * The supervisor's last act (or start()'s, when the run could not begin): STOPPED, with no
   * session and no pause left.
   */
  void finish() {
    if (!finishing.compareAndSet(false, true)) {
      return; // a failing step after the finish itself began
    }
    endOutage();
    engine.stopping();
    permit.shutdown();
    codecs.close(); // destroy() of Jakarta codecs, before anyone sees STOPPED and starts again
    engine.stopped();
    executor.shutdown(); // an owned pool's threads end once this task returns
  }

  /** Ends the restart span, if an outage is in progress: reconnected, stopped or failed. */
  private void endOutage() {
    RestartTrace ended = outage;
    outage = null;
    if (ended != null) {
      ended.close();
    }
  }

  /** After an engine bug, or with no thread to go on: drops the session without callbacks. */
  private void abandonSession() {
    Session abandoned = engine.abandon();
    if (abandoned != null) {
      abandoned.pump.abandon();
      abandoned.transport.abort();
      telemetry.connectionClosed();
    }
  }
}
