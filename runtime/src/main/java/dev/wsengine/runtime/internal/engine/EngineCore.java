package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.EngineControl;
import dev.wsengine.Message;
import dev.wsengine.Pause;
import dev.wsengine.internal.Durations;
import dev.wsengine.runtime.EngineStartException;
import dev.wsengine.runtime.EngineState;
import dev.wsengine.runtime.EngineStopException;
import dev.wsengine.runtime.Outage;
import dev.wsengine.runtime.internal.codec.MessageCodecs;
import dev.wsengine.runtime.internal.telemetry.EngineTelemetry;
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
 * The engine behind {@code WebSocketEngine}: its state machine and public operations, and the
 * wiring of the classes that do the work. See {@code docs/concurrency.md} for the picture.
 *
 * <p>States ({@link EngineState}): NEW → STARTING → RUNNING ⇄ RESTARTING, any of STARTING, RUNNING,
 * RESTARTING → STOPPING → STOPPED → STARTING. Every change goes through {@link #moveTo}, which
 * rejects the others.
 *
 * <p>Who does what, each class in this package:
 *
 * <ul>
 *   <li>{@code EngineCore} (this): the state, the current session and open attempt, whether exit
 *       was asked for, the reconnect attempt count; {@link #start()}, {@link #stop()}, {@link
 *       #exit()}, {@link #restart()}, {@link #pause()}, callable from any thread.
 *   <li>{@link Supervisor}: the {@code supervisor} tasks (first open, ending a session, backoff and
 *       reconnect, the move to STOPPED). It changes the state only through {@link #stateMachine}.
 *   <li>{@link OpenAttempt}: one dial and {@code @OnOpen} as an {@code open-A} task, and the
 *       supervisor's wait for it; its result is an {@link OpenOutcome}.
 *   <li>{@link MessagePump} (one per session) and {@link ReadPermit}: the {@code reader-R} tasks.
 *   <li>{@link Callbacks}: every call of the handler, in its span, with its failure routed.
 *   <li>{@link EngineExecutor}: where every task runs, and which threads run one now.
 *   <li>{@link Outbox} (one per session, behind {@link SessionConnection}): the send queue, its
 *       {@code writer} and {@code send-timeout} tasks; told here when its session ends.
 * </ul>
 *
 * <p>Threads: other threads call the public operations, which only change fields under {@link
 * #lock} and wake engine tasks; the waiting ones ({@code start}, {@code stop}) wait on {@link
 * #changed}. Called from an engine thread (a callback), {@code stop()} does not wait for itself: it
 * works like {@code exit()}.
 *
 * <p>Locks: {@link #lock} guards every mutable field here ({@code @GuardedBy}, checked by Error
 * Prone), an {@link OpenAttempt}'s fields (it names the same lock), and a {@link Session}'s end
 * reason. The {@link ReadPermit}, each {@link MessagePump} and each {@link Outbox} have their own.
 * None is held while calling a transport, a handler, or another lock, so they cannot deadlock with
 * each other or with handler code.
 */
public final class EngineCore implements EngineControl {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.runtime");
  private static final AtomicInteger ENGINE_NUMBERS = new AtomicInteger();

  /** What queued sends fail with when the session ends by {@code exit()} or {@code stop()}. */
  private static final CloseStatus SESSION_EXIT = CloseStatus.of(1001, "session ended: stop/exit");

  /** What queued sends fail with when the session ends by {@code restart()}. */
  private static final CloseStatus SESSION_RESTART = CloseStatus.of(1001, "session ended: restart");

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

  /** While the supervisor backs off: what {@code exit()} runs to cut the backoff short. */
  @GuardedBy("lock")
  private Runnable backoffWake;

  /**
   * Reconnect attempts since the last session that stayed up for the policy's {@code resetAfter},
   * or since the policy last answered RECONNECT.
   */
  @GuardedBy("lock")
  private int attempts;

  /**
   * The outage that made the engine stop by itself (its policy said STOP or gave up); null while
   * running, after a user's stop() or exit(), and cleared by start().
   */
  @GuardedBy("lock")
  private Outage terminationCause;

  /** Runs every task of this engine and knows which threads run one; see docs/concurrency.md. */
  private final EngineExecutor executor;

  /** The handler's decoders and encoders; immutable. */
  private final MessageCodecs codecs;

  /** Calls the handler: every callback, in its span, with its failure routed. */
  private final Callbacks callbacks;

  /** Runs the supervisor tasks: opening, ending sessions, reconnecting, stopping. */
  private final Supervisor supervisor;

  public EngineCore(EngineConfig config) {
    this.config = config;
    this.codecs = config.codecs();
    this.name = "wsengine-" + ENGINE_NUMBERS.incrementAndGet();
    this.executor =
        new EngineExecutor(
            name, config.threadFactory(), config.executor(), config.timer(), this::signalChanged);
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
    this.supervisor =
        new Supervisor(
            stateMachine,
            config,
            connectOptions,
            telemetry,
            executor,
            permit,
            codecs,
            callbacks,
            name);
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

  /** The outage that made the engine stop by itself, if it did; see {@code WebSocketEngine}. */
  public Optional<Outage> terminationCause() {
    lock.lock();
    try {
      return Optional.ofNullable(terminationCause);
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
      terminationCause = null;
    } finally {
      lock.unlock();
    }
    awaitPoolOfLastRun();
    supervisor.begin();
    try {
      codecs.open(); // init() of Jakarta codecs, once per run
    } catch (RuntimeException e) {
      supervisor.finish();
      throw new EngineStartException("a codec's init() failed for " + config.displayUri(), e);
    }
    permit.open();
    try {
      executor.open();
    } catch (RuntimeException | Error e) {
      supervisor.finish();
      throw new EngineStartException("could not start a thread for " + config.displayUri(), e);
    }
    supervisor.supervise(opened, parent);

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
    Runnable wake;
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
      wake = backoffWake;
      backoffWake = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (ending != null) {
      ending.failRequests("exit() or stop() was called", CloseStatus.GOING_AWAY);
      // The outbox first: once the pump reports the session quiet, @OnClose may run (on another
      // thread) and send, and those sends must not be failed as the queued ones are.
      ending.connection.sessionEnded(SESSION_EXIT, "the session ended (stop() or exit())");
      ending.pump.sessionEnding();
    }
    if (open != null) {
      open.exiting();
    }
    if (wake != null) {
      wake.run();
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
    ending.failRequests("restart() was called", CloseStatus.GOING_AWAY);
    ending.connection.sessionEnded(SESSION_RESTART, "the session ended (restart())"); // see exit()
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
    lost.failRequests(
        "its connection closed", status != null ? status : CloseStatus.ABNORMAL_CLOSURE);
    // Queued replies still go out while the transport holds back the server's close (see
    // docs/tyrus.md, replies before a close); a link that is really gone fails them at once. The
    // outbox first, as in exit().
    lost.connection.sessionLost(
        status != null ? status : CloseStatus.ABNORMAL_CLOSURE, "the connection was lost");
    lost.pump.sessionEnding();
  }

  // ---------------------------------------------------------------------------------------------
  // The state machine, as the supervisor and an open attempt see it

  /**
   * What the {@link Supervisor} and an {@link OpenAttempt} see of the state machine: each method
   * takes {@link #lock} (reentrant: an open attempt calls some while holding it).
   */
  private final Supervisor.Engine stateMachine =
      new Supervisor.Engine() {
        @Override
        public ReentrantLock lock() {
          return lock;
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
          // Requests (docs/requests.md): with a correlation, the session reads through an
          // EarlyReader, so that a request made in @OnOpen gets its reply before the readers start.
          PendingRequests requests = null;
          EarlyReader early = null;
          TransportConnection transport = dialed;
          if (config.requests().correlation() != null) {
            requests =
                new PendingRequests(
                    config.requests(),
                    codecs,
                    telemetry,
                    traced,
                    config.clock(),
                    executor,
                    "session " + id);
            early =
                new EarlyReader(dialed, requests, executor, config.requests().alsoToOnMessage());
            transport = early;
          }
          return new Session(
              id,
              transport,
              new SessionConnection(
                  id, transport, EngineCore.this, traced, executor, config, requests, early),
              traced,
              s ->
                  new MessagePump(
                      s,
                      permit,
                      executor,
                      telemetry,
                      processing,
                      config.readers(),
                      config.orderBy()),
              requests);
        }

        @Override
        public void exit() {
          EngineCore.this.exit();
        }

        @Override
        public boolean restarting(Session ended, boolean resetCount) {
          lock.lock();
          try {
            session = null;
            if (exitRequested) {
              return false;
            }
            long uptime = config.clock().nanoTime() - ended.openedAtNanos;
            moveTo(EngineState.RESTARTING);
            if (resetCount || uptime >= config.reconnect().resetAfter().toNanos()) {
              attempts = 0;
            }
            return true;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public boolean backingOff(Runnable wake) {
          lock.lock();
          try {
            if (wake != null && exitRequested) {
              return false;
            }
            backoffWake = wake;
            return true;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public int nextAttempt(boolean resetCount) {
          lock.lock();
          try {
            if (resetCount) {
              attempts = 0;
            }
            return ++attempts;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void stopsBecause(Outage cause) {
          lock.lock();
          try {
            if (!exitRequested) {
              terminationCause = cause;
            }
          } finally {
            lock.unlock();
          }
        }

        @Override
        public Context exitContext() {
          lock.lock();
          try {
            return exitContext;
          } finally {
            lock.unlock();
          }
        }

        @Override
        public void stopping() {
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
        }

        @Override
        public void stopped() {
          lock.lock();
          try {
            moveTo(EngineState.STOPPED);
          } finally {
            lock.unlock();
          }
        }

        @Override
        public Session abandon() {
          lock.lock();
          try {
            exitRequested = true;
            Session abandoned = session;
            if (abandoned != null) {
              abandoned.end(Session.End.EXIT, null);
            }
            return abandoned;
          } finally {
            lock.unlock();
          }
        }
      };

  // ---------------------------------------------------------------------------------------------
  // Readers

  /** What a session's {@link MessagePump} calls back. */
  private final MessagePump.Processing processing =
      new MessagePump.Processing() {
        @Override
        public void dispatch(Session session, Message message, Span read) {
          PendingRequests requests = session.requests;
          if (requests != null) {
            // A reply to a pending request completes it (docs/requests.md); a late one, or any
            // other message, goes to @OnMessage.
            PendingRequests.Pending request = requests.claim(message);
            if (request != null) {
              requests.complete(request, message, read);
              if (!config.requests().alsoToOnMessage()) {
                read.end();
                return;
              }
            }
          }
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
          // Already done where the session was marked ending; this catches any other way.
          session.failRequests("it ended", CloseStatus.GOING_AWAY);
          supervisor.sessionQuiet(session);
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
