package dev.wsengine.runtime.internal.engine;

import dev.wsengine.CloseStatus;
import dev.wsengine.RestartAttempt;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
import dev.wsengine.runtime.internal.telemetry.RestartTrace;
import dev.wsengine.spi.ConnectOptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The supervisor tasks of an engine: the first open, and ending each session ({@code @OnClose}, the
 * close frame), backing off and reconnecting ({@code @OnRestartError}), and the final move to
 * STOPPED. See "Ending a session" and "Reconnecting" in {@code docs/concurrency.md}.
 *
 * <p>Threads: {@link #supervise} runs as the {@code supervisor} task started by {@code start()};
 * {@link #afterSession} as the one a session's pump starts when the session is quiet ({@link
 * #sessionQuiet}). The supervisor tasks of a run follow one another: each one's last act is to
 * start the pump of the session it opened, and the next one starts only once that session has
 * ended. The backoff wait holds the task's thread.
 *
 * <p>Lock: it has no mutable state of its own. It changes the engine's state only through {@link
 * Engine}, whose methods take the engine's lock ({@code EngineCore.lock}); it takes that lock
 * itself only to wait for the backoff (on the engine's condition, so that {@code exit()} cuts it
 * short) and to read why a session ended. Never held while a handler or transport method runs.
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
     * false), moves to RESTARTING, and resets the reconnect attempt count if the session stayed up
     * the policy's {@code resetAfter}.
     */
    boolean restarting(Session ended);

    /** Counts one more reconnect attempt; its number, from 1. */
    int nextAttempt();

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

  /** The first task of a run: opens the first session and starts its pump. */
  void supervise(CompletableFuture<Void> opened, Context startContext) {
    boolean running = false;
    try {
      OpenAttempt attempt = attempt(false, 0, startContext);
      OpenOutcome outcome =
          attempt.open(
              decided -> {
                EngineStartException failure = attempt.startFailure(decided);
                if (failure != null) {
                  opened.completeExceptionally(failure);
                }
              });
      if (!(outcome instanceof OpenOutcome.Opened first)) {
        return;
      }
      first.session().pump.start();
      running = true;
      opened.complete(null); // unless failed above: stopped as @OnOpen returned
    } catch (RuntimeException | Error e) {
      // A bug in the engine or a transport: do not leave a half-running engine behind.
      LOG.log(Level.ERROR, "wsengine supervisor failed; stopping the engine", e);
      opened.completeExceptionally(new EngineStartException("engine failed while starting", e));
      abandonSession();
      throw e;
    } finally {
      if (!running) {
        finish();
      }
    }
  }

  /** The session's pump is quiet after its end: the rest of the session's end runs as a task. */
  void sessionQuiet(Session ended) {
    try {
      executor.execute("supervisor", () -> afterSession(ended));
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
   * reconnects or stops. Runs as a task; the engine is RUNNING again or STOPPED when it returns.
   */
  @SuppressWarnings(
      "try") // the scope makes the restart span current for the attempts and callbacks
  private void afterSession(Session ended) {
    boolean running = false;
    try {
      long endedAt = config.clock().nanoTime();
      closeSession(ended);
      if (!engine.restarting(ended)) {
        return;
      }
      try (RestartTrace outage = telemetry.startRestart(ended.telemetry, endedAt);
          var inOutage = EngineTelemetry.activate(outage.context())) {
        running = reconnect(outage);
      }
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, "wsengine supervisor failed; stopping the engine", e);
      abandonSession();
      throw e;
    } finally {
      if (!running) {
        finish();
      }
    }
  }

  /**
   * Backs off and makes open attempts until one opens a session (true: its pump runs) or the engine
   * stops or gives up (false).
   */
  private boolean reconnect(RestartTrace outage) {
    while (true) {
      int attempt = engine.nextAttempt();
      Optional<Duration> delay = config.reconnect().delayBefore(attempt);
      if (delay.isEmpty()) {
        LOG.log(
            Level.INFO,
            "{0}: reconnecting to {1} gave up after {2} attempts",
            name,
            config.displayUri(),
            attempt - 1);
        outage.gaveUp(attempt - 1);
        return false;
      }
      outage.backoff(attempt, delay.get());
      if (!backoff(delay.get())) {
        return false;
      }
      OpenOutcome outcome = attempt(true, attempt, Context.current()).open(decided -> {});
      if (outcome instanceof OpenOutcome.Opened reopened) {
        outage.reconnected(attempt);
        reopened.session().pump.start();
        return true;
      } else if (outcome instanceof OpenOutcome.Stopped) {
        return false;
      } else {
        outage.attemptFailed(attempt);
        Throwable error =
            outcome instanceof OpenOutcome.Failed failed
                ? failed.error()
                : ((OpenOutcome.NotStarted) outcome).refused();
        callbacks.restartError(RestartAttempt.of(attempt, error));
      }
    }
  }

  /** Waits for the delay before a reconnect attempt, by the engine's clock. */
  private boolean backoff(Duration delay) {
    ReentrantLock lock = engine.lock();
    lock.lock();
    try {
      long deadline = config.clock().nanoTime() + delay.toNanos();
      while (!engine.exitRequested()) {
        long left = deadline - config.clock().nanoTime();
        if (left <= 0) {
          return true;
        }
        try {
          config.clock().sleepUntil(lock, engine.changed(), deadline);
        } catch (InterruptedException e) {
          // Nobody interrupts the supervisor but the JVM's own shutdown; stop rather than spin.
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("try") // the scopes make the shutdown and @OnClose spans current
  private void closeSession(Session closing) {
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
  }

  /**
   * The supervisor's last act (or start()'s, when the run could not begin): STOPPED, with no
   * session and no pause left.
   */
  void finish() {
    engine.stopping();
    permit.shutdown();
    codecs.close(); // destroy() of Jakarta codecs, before anyone sees STOPPED and starts again
    engine.stopped();
    executor.shutdown(); // an owned pool's threads end once this task returns
  }

  /** After an engine bug: drop the session without callbacks, so nothing keeps running. */
  private void abandonSession() {
    Session abandoned = engine.abandon();
    if (abandoned != null) {
      abandoned.pump.abandon();
      abandoned.transport.abort();
      telemetry.connectionClosed();
    }
  }
}
