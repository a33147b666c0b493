package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.EngineControl;
import dev.wsengine.Message;
import dev.wsengine.Pause;
import dev.wsengine.RestartAttempt;
import dev.wsengine.internal.Durations;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.EngineStopException;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
import dev.wsengine.runtime.internal.telemetry.RestartTrace;
import dev.wsengine.runtime.internal.telemetry.SessionTelemetry;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.EngineClock;
import dev.wsengine.spi.TransportConnection;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine behind {@code WebSocketEngine}: opens sessions, runs the readers, ends sessions,
 * reconnects, stops. See {@code docs/concurrency.md} for the picture.
 *
 * <p>States ({@link EngineState}): NEW → STARTING → RUNNING ⇄ RESTARTING, any of STARTING, RUNNING,
 * RESTARTING → STOPPING → STOPPED → STARTING. Every change goes through {@link #moveTo}, which
 * rejects the others.
 *
 * <p>Threads, all made by the configured thread factory:
 *
 * <ul>
 *   <li>the <b>supervisor</b>, one per run: opens the first session, waits for each session to end,
 *       runs {@code @OnClose} and closes the connection, backs off and reconnects, runs
 *       {@code @OnRestartError}, and finally moves to STOPPED. Every state change after STARTING
 *       happens on it, except the move to STOPPING, which {@link #exit()} makes.
 *   <li>an <b>opener</b> per open attempt: dials and runs {@code @OnOpen}, so that the supervisor
 *       can give up on it after the open timeout.
 *   <li>N <b>readers</b> per session: take the {@link ReadPermit}, read one message, give the
 *       permit back, run {@code @OnMessage}. A read failure runs {@code @OnReadError} under the
 *       permit. A reader leaves once its session is ending; a message it read after that is
 *       discarded.
 * </ul>
 *
 * <p>Other threads call {@link #start()}, {@link #stop()}, {@link #restart()}, {@link #exit()},
 * {@link #pause()}: these only change fields under {@link #lock} and wake engine threads; the
 * waiting ones ({@code start}, {@code stop}) wait on {@link #changed}. Called from an engine thread
 * (a callback), {@code stop()} does not wait for itself: it works like {@code exit()}.
 *
 * <p>Locks: {@link #lock} guards the fields marked so; the {@link ReadPermit} has its own lock.
 * Neither is held while calling a transport, a handler, or the other's lock, so they cannot
 * deadlock with each other or with handler code.
 */
public final class EngineCore implements EngineControl {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.runtime");
  private static final AtomicInteger ENGINE_NUMBERS = new AtomicInteger();

  private final EngineConfig config;
  private final ConnectOptions connectOptions;

  /** Prefix of this engine's thread names, e.g. {@code wsengine-3}. */
  private final String name;

  private final ReadPermit permit = new ReadPermit();

  /** Spans and metrics; see docs/tracing.md. */
  private final EngineTelemetry telemetry;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled on every change of the fields below and whenever an engine thread ends. */
  private final Condition changed = lock.newCondition();

  @GuardedBy("lock")
  private EngineState state = EngineState.NEW;

  /** Set by exit()/stop() (or when reconnecting gives up) and cleared by start(). */
  @GuardedBy("lock")
  private boolean exitRequested;

  /**
   * The context exit() (or stop()) was called in, so that the shutdown it causes is traced as its
   * child; null when the engine stops by itself. Cleared by start().
   */
  @GuardedBy("lock")
  private Context exitContext;

  /** The open session, from the end of its {@code @OnOpen} until its {@code @OnClose} starts. */
  @GuardedBy("lock")
  private Session session;

  /** The open attempt in progress, if any. */
  @GuardedBy("lock")
  private OpenAttempt opening;

  /**
   * Reconnect attempts since the last session that stayed up for the policy's {@code resetAfter}.
   */
  @GuardedBy("lock")
  private int attempts;

  /** Runs every task of this engine and knows which threads run one; see docs/concurrency.md. */
  private final EngineExecutor executor;

  /** The handler's decoders and encoders; immutable. */
  private final MessageCodecs codecs;

  /** Calls the handler: every callback, in its span, with its failure routed. */
  private final Callbacks callbacks;

  public EngineCore(EngineConfig config) {
    this.config = config;
    this.codecs = config.codecs();
    this.name = "wsengine-" + ENGINE_NUMBERS.incrementAndGet();
    this.executor =
        new EngineExecutor(name, config.threadFactory(), config.executor(), this::signalChanged);
    ConnectOptions options = config.connectOptions();
    // The whole open must fit in openTimeout, so the handshake may not take longer.
    this.connectOptions =
        options.handshakeTimeout().compareTo(config.openTimeout()) <= 0
            ? options
            : options.toBuilder().handshakeTimeout(config.openTimeout()).build();
    this.telemetry =
        new EngineTelemetry(
            config.openTelemetry(),
            config.uri(),
            config.displayUri(),
            options,
            config.propagateTraceContext(),
            config.clock()::nanoTime);
    this.callbacks = new Callbacks(config.dispatcher(), codecs, telemetry, this);
  }

  // ---------------------------------------------------------------------------------------------
  // Public operations (any thread)

  public EngineState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  /** The current session's connection, if a session is open. */
  public Optional<Connection> connection() {
    lock.lock();
    try {
      return session == null || session.isEnding()
          ? Optional.empty()
          : Optional.of(session.connection);
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("try") // the scope makes the start span current; the body need not name it
  public void start() throws EngineStartException {
    Span span = telemetry.startStart();
    Throwable failure = null;
    try (var inStart = EngineTelemetry.activate(span)) {
      startTraced(Context.current());
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      telemetry.end(span, failure);
    }
  }

  /** start(), in the start span ({@code parent}), which the first open attempt is a child of. */
  private void startTraced(Context parent) throws EngineStartException {
    CompletableFuture<Void> opened = new CompletableFuture<>();
    lock.lock();
    try {
      if (state != EngineState.NEW && state != EngineState.STOPPED) {
        throw new IllegalStateException(
            "start() needs a new or stopped engine; this one is " + state);
      }
      moveTo(EngineState.STARTING);
      exitRequested = false;
      exitContext = null;
      attempts = 0;
    } finally {
      lock.unlock();
    }
    awaitPoolOfLastRun();
    try {
      codecs.open(); // init() of Jakarta codecs, once per run
    } catch (RuntimeException e) {
      finish();
      throw new EngineStartException("a codec's init() failed for " + config.displayUri(), e);
    }
    permit.open();
    try {
      executor.open();
      executor.execute("supervisor", () -> supervise(opened, parent));
    } catch (RuntimeException | Error e) {
      finish();
      throw new EngineStartException("could not start a thread for " + config.displayUri(), e);
    }

    try {
      opened.get();
    } catch (ExecutionException e) {
      EngineStartException failure = (EngineStartException) e.getCause();
      try {
        awaitStop(config.stopTimeout());
      } catch (EngineStopException stuck) {
        failure.addSuppressed(stuck);
      }
      throw failure;
    } catch (InterruptedException e) {
      exit();
      Thread.currentThread().interrupt();
      throw new EngineStartException("interrupted while starting; the engine is stopping", e);
    }
  }

  /**
   * Ends the session and stops, then waits until every engine thread has ended. From an engine
   * thread it only starts the stop, since it would otherwise wait for itself.
   */
  @SuppressWarnings("try") // the scope makes the stop span current for exit() to capture
  public void stop() {
    Span span = telemetry.startStop();
    Throwable failure = null;
    try (var inStop = EngineTelemetry.activate(span)) {
      exit();
      if (isEngineThread()) {
        return;
      }
      awaitStop(config.stopTimeout());
    } catch (Throwable e) {
      failure = e;
      throw e;
    } finally {
      telemetry.end(span, failure);
    }
  }

  /**
   * Waits until the engine is stopped and all its threads have ended.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    // The caller's own wait: real time, whatever the engine's clock.
    return awaitTermination(timeout, EngineClock.SYSTEM);
  }

  /** {@link #awaitTermination(Duration)} with the timeout measured on {@code clock}. */
  private boolean awaitTermination(Duration timeout, EngineClock clock)
      throws InterruptedException {
    // Saturated: a timeout of centuries (ChronoUnit.FOREVER) means no deadline, not an overflow.
    long nanos = Math.min(Durations.saturatedNanos(timeout), Long.MAX_VALUE / 2);
    long deadline = clock.nanoTime() + nanos;
    lock.lock();
    try {
      while (!terminated()) {
        if (deadline - clock.nanoTime() <= 0) {
          return false;
        }
        clock.awaitUntil(lock, changed, deadline);
      }
    } finally {
      lock.unlock();
    }
    // Every task is done; what is left of an owned pool's threads is their end, which the JVM
    // makes quick. Bounded in real time all the same, in case a thread factory wraps our work.
    return executor.awaitThreadsEnded(System.nanoTime() + nanos);
  }

  /** Whether the engine has stopped and each of its tasks has finished. */
  @GuardedBy("lock")
  private boolean terminated() {
    return (state == EngineState.STOPPED || state == EngineState.NEW)
        && executor.outstanding() == 0;
  }

  /**
   * Before a start: the threads of an earlier run that stopped by itself (nobody waited in {@code
   * stop()}) end within the stop timeout, so that runs never overlap.
   */
  private void awaitPoolOfLastRun() {
    boolean interrupted = false;
    long deadline = System.nanoTime() + config.stopTimeout().toNanos();
    while (true) {
      try {
        executor.awaitThreadsEnded(deadline);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last of the engine's tasks finished: wake whoever waits for the engine to stop. */
  private void signalChanged() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, on the engine's clock, for the engine to stop; throws if it did not in {@code timeout}.
   */
  private void awaitStop(Duration timeout) {
    try {
      if (!awaitTermination(timeout, config.clock())) {
        throw new EngineStopException(
            "engine did not stop within stopTimeout "
                + timeout
                + "; still running: "
                + describeThreads(),
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineStopException("interrupted while waiting for the engine to stop", e);
    }
  }

  private String describeThreads() {
    List<String> running = new ArrayList<>();
    for (Map.Entry<Thread, String> task : executor.running()) {
      running.add(StuckThreads.describe(task.getValue(), task.getKey()));
    }
    if (running.isEmpty()) {
      // Every task is done, but a thread of the engine's own pool has not ended (a thread
      // factory that runs code of its own after the pool's).
      for (Thread thread : executor.livePoolThreads()) {
        running.add(StuckThreads.describe(thread));
      }
    }
    return running.isEmpty() ? "(none; they ended just now)" : String.join("; ", running);
  }

  @Override
  public void exit() {
    Context caller = Context.current(); // the shutdown this causes is traced as a child of it
    Session ending = null;
    OpenAttempt open;
    lock.lock();
    try {
      if (exitRequested || state == EngineState.NEW || state == EngineState.STOPPED) {
        return;
      }
      exitRequested = true;
      exitContext = caller;
      if (state != EngineState.STOPPING) {
        moveTo(EngineState.STOPPING);
      }
      open = opening;
      if (open != null) {
        open.exitCalled(); // from its @OnOpen: the supervisor lets it return, not interrupt it
      }
      if (session != null && !session.isEnding()) {
        ending = session;
        ending.end(Session.End.EXIT, null);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (ending != null) {
      ending.pump.sessionEnding();
    }
  }

  @Override
  public void restart() {
    Session ending;
    lock.lock();
    try {
      if (state != EngineState.RUNNING || session == null || session.isEnding()) {
        return; // nothing to restart: not open yet, already restarting, or stopping
      }
      ending = session;
      ending.end(Session.End.RESTART, null);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    ending.pump.sessionEnding();
  }

  @Override
  public Pause pause() {
    lock.lock();
    try {
      if (state == EngineState.NEW
          || state == EngineState.STOPPING
          || state == EngineState.STOPPED) {
        throw new IllegalStateException("cannot pause: the engine is " + state);
      }
    } finally {
      lock.unlock();
    }
    return permit.pause();
  }

  /** See {@link ReadPermit#beginReceive()}. */
  int beginReceive() {
    return permit.beginReceive();
  }

  void endReceive(int token) {
    permit.endReceive(token);
  }

  /** Whether the calling thread is one of this engine's. */
  public boolean isEngineThread() {
    return executor.isEngineThread();
  }

  /** The connection of {@code connection}'s session reported a close. */
  void connectionLost(SessionConnection connection, CloseStatus status) {
    Session lost;
    lock.lock();
    try {
      lost = session != null && session.connection == connection ? session : null;
    } finally {
      lock.unlock();
    }
    if (lost != null) {
      lost(lost, status);
    }
  }

  private void lost(Session lost, CloseStatus status) {
    lock.lock();
    try {
      lost.end(Session.End.LOST, status);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    lost.pump.sessionEnding();
  }

  // ---------------------------------------------------------------------------------------------
  // Supervisor

  /** The first task of a run: opens the first session and starts its pump. */
  private void supervise(CompletableFuture<Void> opened, Context startContext) {
    boolean running = false;
    try {
      OpenAttempt attempt = openAttempt(false, 0, startContext);
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
  private void sessionQuiet(Session ended) {
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
      long uptime;
      lock.lock();
      try {
        session = null;
        if (exitRequested) {
          return;
        }
        uptime = config.clock().nanoTime() - ended.openedAtNanos;
        moveTo(EngineState.RESTARTING);
        if (uptime >= config.reconnect().resetAfter().toNanos()) {
          attempts = 0;
        }
      } finally {
        lock.unlock();
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
      int attempt;
      lock.lock();
      try {
        attempt = ++attempts;
      } finally {
        lock.unlock();
      }
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
      OpenOutcome outcome = openAttempt(true, attempt, Context.current()).open(decided -> {});
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
    lock.lock();
    try {
      long deadline = config.clock().nanoTime() + delay.toNanos();
      while (!exitRequested) {
        long left = deadline - config.clock().nanoTime();
        if (left <= 0) {
          return true;
        }
        try {
          config.clock().sleepUntil(lock, changed, deadline);
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
    lock.lock();
    try {
      received = closing.received;
      why = closing.end;
      stoppedBy = why == Session.End.EXIT ? exitContext : null;
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

  /** The supervisor's last act: STOPPED, with no session and no pause left. */
  private void finish() {
    lock.lock();
    try {
      exitRequested = true;
      exitContext = null; // every shutdown is traced: let go of the caller's spans
      if (state != EngineState.STOPPING) {
        moveTo(EngineState.STOPPING);
      }
      session = null;
    } finally {
      lock.unlock();
    }
    permit.shutdown();
    codecs.close(); // destroy() of Jakarta codecs, before anyone sees STOPPED and starts again
    lock.lock();
    try {
      moveTo(EngineState.STOPPED);
    } finally {
      lock.unlock();
    }
    executor.shutdown(); // an owned pool's threads end once this task returns
  }

  /** After an engine bug: drop the session without callbacks, so nothing keeps running. */
  private void abandonSession() {
    Session abandoned;
    lock.lock();
    try {
      exitRequested = true;
      abandoned = session;
      if (abandoned != null) {
        abandoned.end(Session.End.EXIT, null);
      }
    } finally {
      lock.unlock();
    }
    if (abandoned != null) {
      abandoned.pump.abandon();
      abandoned.transport.abort();
      telemetry.connectionClosed();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Opening a session

  /** One open attempt; see {@link OpenAttempt}. */
  private OpenAttempt openAttempt(boolean restarting, int attempt, Context parent) {
    return new OpenAttempt(
        stateMachine,
        config,
        connectOptions,
        telemetry,
        executor,
        callbacks,
        restarting,
        attempt,
        parent);
  }

  /** What an {@link OpenAttempt} sees of the state machine. */
  private final OpenAttempt.Engine stateMachine =
      new OpenAttempt.Engine() {
        @Override
        public ReentrantLock lock() {
          return lock;
        }

        @Override
        public Condition changed() {
          return changed;
        }

        @Override
        public boolean exitRequested() {
          lock.lock();
          try {
            return exitRequested;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void inProgress(OpenAttempt attempt) {
          lock.lock();
          try {
            opening = attempt;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void opened(Session opened) {
          lock.lock();
          try {
            opened.openedAtNanos = config.clock().nanoTime();
            session = opened;
            if (exitRequested) {
              // stop() landed just as @OnOpen returned: that is still a session, so it gets its
              // @OnClose (the supervisor ends it at once); only an @OnOpen cut short gets none.
              opened.end(Session.End.EXIT, null);
            } else {
              moveTo(EngineState.RUNNING);
            }
          } finally {
            lock.unlock();
          }
        }

        @Override
        public Session newSession(TransportConnection dialed, Span openSpan) {
          UUID id = UUID.randomUUID();
          SessionTelemetry traced = telemetry.session(id, openSpan);
          return new Session(
              id,
              dialed,
              new SessionConnection(id, dialed, EngineCore.this, traced),
              traced,
              s ->
                  new MessagePump(
                      s,
                      permit,
                      executor,
                      telemetry,
                      processing,
                      config.readers(),
                      config.orderBy()));
        }

        @Override
        public void exit() {
          EngineCore.this.exit();
        }
      };

  // ---------------------------------------------------------------------------------------------
  // Readers

  /** What a session's {@link MessagePump} calls back. */
  private final MessagePump.Processing processing =
      new MessagePump.Processing() {
        @Override
        public void dispatch(Session session, Message message, Span read) {
          callbacks.message(session, session.scope, message, read);
        }

        @Override
        public void readError(Session session, Throwable error) {
          callbacks.readError(session, error);
        }

        @Override
        public void lost(Session session, ConnectionClosedException closed) {
          EngineCore.this.lost(session, closed.status());
        }

        @Override
        public void quiet(Session session) {
          sessionQuiet(session);
        }

        @Override
        public void cannotRun(Session session, RuntimeException refused) {
          LOG.log(Level.ERROR, name + ": no thread to read " + session + " on; stopping", refused);
          exit();
        }
      };

  // ---------------------------------------------------------------------------------------------
  // Helpers

  @GuardedBy("lock")
  private void moveTo(EngineState next) {
    if (!canMove(state, next)) {
      throw new IllegalStateException("illegal engine state change " + state + " -> " + next);
    }
    state = next;
    changed.signalAll();
  }

  static boolean canMove(EngineState from, EngineState to) {
    return switch (from) {
      case NEW, STOPPED -> to == EngineState.STARTING;
      case STARTING, RESTARTING -> to == EngineState.RUNNING || to == EngineState.STOPPING;
      case RUNNING -> to == EngineState.RESTARTING || to == EngineState.STOPPING;
      case STOPPING -> to == EngineState.STOPPED;
    };
  }

  /** The handler's decoders and encoders, for the connection's typed sends. */
  MessageCodecs codecs() {
    return codecs;
  }

  static Duration checkPositive(String name, Duration value) {
    if (value == null) {
      throw new NullPointerException(name);
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive; got " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "WebSocketEngine[" + name + ", " + config.displayUri() + ", " + state() + "]";
  }
}
