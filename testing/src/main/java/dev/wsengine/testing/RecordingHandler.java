package dev.wsengine.testing;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.Connection;
import dev.wsengine.EngineControl;
import dev.wsengine.OnClose;
import dev.wsengine.OnCloseError;
import dev.wsengine.OnMessage;
import dev.wsengine.OnOpen;
import dev.wsengine.OnReadError;
import dev.wsengine.OnRestartError;
import dev.wsengine.OpenInfo;
import dev.wsengine.RestartAttempt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A handler with every callback, for tests: it records each call as a line of text, and runs the
 * hooks a test sets for what the handler should do beyond recording. Give it to an engine's builder
 * like any handler; it comes with a generated dispatcher.
 *
 * <pre>{@code
 * RecordingHandler handler = new RecordingHandler().onText((text, connection, control) -> "re " + text);
 * WebSocketEngine engine = WebSocketEngine.builder(uri, handler).transport(server).build();
 * engine.start();
 * server.connection(0).pushText("hi").serverClose(CloseStatus.of(4000, "bye"));
 * handler.await("close 4000 bye", Duration.ofSeconds(5));
 * assertEquals(List.of("open first", "text hi", "close 4000 bye"), handler.events());
 * }</pre>
 *
 * <p>The lines, one per callback, in the order the callbacks ran:
 *
 * <ul>
 *   <li>{@code @OnOpen}: {@code open first}, or {@code open restart N} for restart attempt N;
 *   <li>{@code @OnMessage}: {@code text <the text>}; {@code binary <the bytes as UTF-8>}, or {@code
 *       binary N bytes} when longer than 64 bytes (none of either after {@link
 *       #recordMessages(boolean) recordMessages(false)});
 *   <li>{@code @OnReadError}: {@code read error <simple class name>: <message>};
 *   <li>{@code @OnClose}: {@code close <code> <reason>} (trimmed: {@code close 1006} for an empty
 *       reason), or {@code close none} when this side closed and no status was received;
 *   <li>{@code @OnCloseError}: {@code close error <simple class name>: <message>};
 *   <li>{@code @OnRestartError}: {@code restart error N <simple class name of the error>}.
 * </ul>
 *
 * <p>Besides the lines it keeps the values the callbacks received ({@link #opens()}, {@link
 * #closes()}, {@link #readErrors()}, {@link #closeErrors()}, {@link #restartErrors()}), the thread
 * of each line ({@link #threads()}), the last {@link Connection} ({@link #lastConnection()}), and
 * the sessions opened and closed ({@link #openedSessions()}, {@link #closedSessions()}), with which
 * a test checks that each session got exactly one {@code @OnClose}.
 *
 * <p>Threads: the callbacks, and so the hooks, run on the engine's threads. The hooks and {@link
 * #closeReply} may be set from any thread at any time (a callback running meanwhile uses the one it
 * read when it began); the recorded values may be read, and awaited, from any thread. The {@code
 * await…} methods take a real-time timeout and fail with an {@link AssertionError} naming what they
 * waited for and every line recorded, on timeout or when the waiting thread is interrupted (its
 * interrupt stays set). Recorded state is guarded by {@code lock}.
 */
public final class RecordingHandler {
  /**
   * What a callback does beyond recording.
   *
   * @param <T> what the callback received: the {@link OpenInfo}, the bytes, the error, the close
   *     status (null when none was received)
   */
  @FunctionalInterface
  public interface Hook<T> {
    /** Runs on the engine's thread, inside the callback; what it throws, the callback throws. */
    void run(T argument, Connection connection, EngineControl control) throws Exception;
  }

  /** What {@code @OnMessage} for text does beyond recording. */
  @FunctionalInterface
  public interface TextHook {
    /**
     * Runs on the engine's thread, inside {@code @OnMessage}; what it throws, the callback throws.
     *
     * @return the reply the engine sends back, or null for none
     */
    String run(String text, Connection connection, EngineControl control) throws Exception;
  }

  /** What {@code @OnRestartError} does beyond recording; it has no connection. */
  @FunctionalInterface
  public interface RestartErrorHook {
    /** Runs on the engine's thread, inside the callback; what it throws, the callback throws. */
    void run(RestartAttempt attempt, EngineControl control) throws Exception;
  }

  /** Binary messages longer than this are recorded by size only. */
  private static final int RECORDED_BINARY_BYTES = 64;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition recorded = lock.newCondition();

  @GuardedBy("lock")
  private final List<String> events = new ArrayList<>();

  /** The thread that recorded each event, index for index. */
  @GuardedBy("lock")
  private final List<Thread> threads = new ArrayList<>();

  @GuardedBy("lock")
  private final List<OpenInfo> opens = new ArrayList<>();

  /** What each OnClose received; null for none. */
  @GuardedBy("lock")
  private final List<CloseStatus> closes = new ArrayList<>();

  @GuardedBy("lock")
  private final List<Throwable> readErrors = new ArrayList<>();

  @GuardedBy("lock")
  private final List<Throwable> closeErrors = new ArrayList<>();

  @GuardedBy("lock")
  private final List<RestartAttempt> restartErrors = new ArrayList<>();

  @GuardedBy("lock")
  private final List<UUID> openedSessions = new ArrayList<>();

  @GuardedBy("lock")
  private final List<UUID> closedSessions = new ArrayList<>();

  @GuardedBy("lock")
  private Connection lastConnection;

  // Hooks: set by the test from any thread, read by callbacks; volatile is all they need.
  private volatile Hook<OpenInfo> onOpen = (info, connection, control) -> {};
  private volatile TextHook onText = (text, connection, control) -> null;
  private volatile Hook<byte[]> onBinary = (data, connection, control) -> {};
  private volatile Hook<Throwable> onReadError = (error, connection, control) -> {};
  private volatile Hook<CloseStatus> onClose = (status, connection, control) -> {};
  private volatile RestartErrorHook onRestartError = (attempt, control) -> {};
  private volatile CloseStatus closeReply;
  private volatile boolean recordMessages = true;

  /** A handler that records everything and does nothing else. */
  public RecordingHandler() {}

  // ---------------------------------------------------------------- the test's settings

  /** What {@code @OnOpen} does after recording; it may send, or throw to fail the open. */
  public RecordingHandler onOpen(Hook<OpenInfo> hook) {
    this.onOpen = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /** What {@code @OnMessage} does with a text message after recording; returns the reply. */
  public RecordingHandler onText(TextHook hook) {
    this.onText = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /** What {@code @OnMessage} does with a binary message after recording. */
  public RecordingHandler onBinary(Hook<byte[]> hook) {
    this.onBinary = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /** What {@code @OnReadError} does after recording. */
  public RecordingHandler onReadError(Hook<Throwable> hook) {
    this.onReadError = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /**
   * What {@code @OnClose} does after recording (its argument is the status received, or null). The
   * connection may still be open: the handler may send in it.
   */
  public RecordingHandler onClose(Hook<CloseStatus> hook) {
    this.onClose = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /** What {@code @OnRestartError} does after recording; it may call {@code control.exit()}. */
  public RecordingHandler onRestartError(RestartErrorHook hook) {
    this.onRestartError = Objects.requireNonNull(hook, "hook");
    return this;
  }

  /**
   * The status {@code @OnClose} returns, which the engine sends in its close frame; null (the
   * default) returns none, so the engine sends 1001 Going Away.
   */
  public RecordingHandler closeReply(CloseStatus status) {
    this.closeReply = status;
    return this;
  }

  /**
   * Whether {@code @OnMessage} records a line per message (the default); turn it off for floods,
   * where the lines would fill the heap. The hooks run either way.
   */
  public RecordingHandler recordMessages(boolean record) {
    this.recordMessages = record;
    return this;
  }

  // ---------------------------------------------------------------- the callbacks
  // Parameters come in mixed orders on purpose: they are injected by type, and engine tests that
  // use this handler then cover that with both kinds of dispatcher.

  @OnOpen
  void opened(EngineControl control, OpenInfo info, Connection connection) throws Exception {
    lock.lock();
    try {
      lastConnection = connection;
      opens.add(info);
    } finally {
      lock.unlock();
    }
    record(info.restarting() ? "open restart " + info.attempt() : "open first");
    onOpen.run(info, connection, control);
    // Only an OnOpen that returned opened a session: one that threw gets no OnClose.
    lock.lock();
    try {
      openedSessions.add(connection.sessionId());
      recorded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @OnMessage
  String text(Connection connection, String text, EngineControl control) throws Exception {
    if (recordMessages) {
      record("text " + text);
    }
    return onText.run(text, connection, control);
  }

  @OnMessage
  void binary(byte[] data, Connection connection, EngineControl control) throws Exception {
    if (recordMessages) {
      record(
          data.length <= RECORDED_BINARY_BYTES
              ? "binary " + new String(data, StandardCharsets.UTF_8)
              : "binary " + data.length + " bytes");
    }
    onBinary.run(data, connection, control);
  }

  @OnReadError
  void readError(Throwable error, EngineControl control, Connection connection) throws Exception {
    lock.lock();
    try {
      readErrors.add(error);
    } finally {
      lock.unlock();
    }
    record("read error " + error.getClass().getSimpleName() + ": " + error.getMessage());
    onReadError.run(error, connection, control);
  }

  @OnClose
  CloseStatus closed(CloseStatus received, Connection connection, EngineControl control)
      throws Exception {
    lock.lock();
    try {
      closes.add(received);
      closedSessions.add(connection.sessionId());
    } finally {
      lock.unlock();
    }
    record(
        "close "
            + (received == null ? "none" : (received.code() + " " + received.reason()).trim()));
    onClose.run(received, connection, control);
    return closeReply;
  }

  @OnCloseError
  void closeError(Throwable error) {
    lock.lock();
    try {
      closeErrors.add(error);
    } finally {
      lock.unlock();
    }
    record("close error " + error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  @OnRestartError
  void restartError(RestartAttempt attempt, EngineControl control, Throwable error)
      throws Exception {
    lock.lock();
    try {
      restartErrors.add(attempt);
    } finally {
      lock.unlock();
    }
    record("restart error " + attempt.number() + " " + error.getClass().getSimpleName());
    onRestartError.run(attempt, control);
  }

  private void record(String event) {
    lock.lock();
    try {
      events.add(event);
      threads.add(Thread.currentThread());
      recorded.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- what was recorded

  /** Every line so far, in order. */
  public List<String> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** The lines matching {@code filter}, in order. */
  public List<String> events(Predicate<String> filter) {
    Objects.requireNonNull(filter, "filter");
    return events().stream().filter(filter).collect(Collectors.toList());
  }

  /** The thread that ran the callback of each line, index for index with {@link #events()}. */
  public List<Thread> threads() {
    lock.lock();
    try {
      return List.copyOf(threads);
    } finally {
      lock.unlock();
    }
  }

  /** What each {@code @OnOpen} received, in order. */
  public List<OpenInfo> opens() {
    lock.lock();
    try {
      return List.copyOf(opens);
    } finally {
      lock.unlock();
    }
  }

  /**
   * What each {@code @OnClose} received, in order: the server's status, or {@code null} where this
   * side closed and none was received. Unmodifiable.
   */
  public List<CloseStatus> closes() {
    lock.lock();
    try {
      return Collections.unmodifiableList(new ArrayList<>(closes));
    } finally {
      lock.unlock();
    }
  }

  /** The errors {@code @OnReadError} received, in order. */
  public List<Throwable> readErrors() {
    lock.lock();
    try {
      return List.copyOf(readErrors);
    } finally {
      lock.unlock();
    }
  }

  /** The errors {@code @OnCloseError} received, in order. */
  public List<Throwable> closeErrors() {
    lock.lock();
    try {
      return List.copyOf(closeErrors);
    } finally {
      lock.unlock();
    }
  }

  /** The failed attempts {@code @OnRestartError} received, in order, each with its error. */
  public List<RestartAttempt> restartErrors() {
    lock.lock();
    try {
      return List.copyOf(restartErrors);
    } finally {
      lock.unlock();
    }
  }

  /** The session ids of the {@code @OnOpen} calls that returned normally, in order. */
  public List<UUID> openedSessions() {
    lock.lock();
    try {
      return List.copyOf(openedSessions);
    } finally {
      lock.unlock();
    }
  }

  /** The session id of each {@code @OnClose} call, in order: one entry per call. */
  public List<UUID> closedSessions() {
    lock.lock();
    try {
      return List.copyOf(closedSessions);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The connection the last {@code @OnOpen} received: the current session's, while it lasts. A test
   * may send through it as the handler would.
   *
   * @throws AssertionError if {@code @OnOpen} has not run yet
   */
  public Connection lastConnection() {
    lock.lock();
    try {
      if (lastConnection == null) {
        throw new AssertionError("no connection yet: @OnOpen has not run; events: " + events);
      }
      return lastConnection;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- waiting

  /** Waits until a line equal to {@code event} was recorded. */
  public void await(String event, Duration timeout) {
    await(event, 1, timeout);
  }

  /**
   * Waits until a line equal to {@code event} was recorded {@code times} times.
   *
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public void await(String event, int times, Duration timeout) {
    Objects.requireNonNull(event, "event");
    awaitCount(e -> e.equals(event), times, timeout, "'" + event + "' x" + times);
  }

  /** Waits until a line starting with {@code prefix} was recorded; returns the first such line. */
  public String awaitPrefix(String prefix, Duration timeout) {
    Objects.requireNonNull(prefix, "prefix");
    awaitCount(e -> e.startsWith(prefix), 1, timeout, "a line starting with '" + prefix + "'");
    return events(e -> e.startsWith(prefix)).get(0);
  }

  /**
   * Waits until {@code times} lines match {@code filter}.
   *
   * @param description what is awaited, for the failure message
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public void awaitCount(
      Predicate<String> filter, int times, Duration timeout, String description) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(description, "description");
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative; got " + times);
    }
    long remaining = Await.nanos(timeout);
    lock.lock();
    try {
      while (events.stream().filter(filter).count() < times) {
        if (remaining <= 0) {
          throw new AssertionError(
              "timed out after " + timeout + " waiting for " + description + "; events: " + events);
        }
        remaining = recorded.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(
          "interrupted while waiting for " + description + "; events: " + events, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "RecordingHandler[events=" + events + "]";
    } finally {
      lock.unlock();
    }
  }
}
