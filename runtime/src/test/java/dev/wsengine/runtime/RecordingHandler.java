package dev.wsengine.runtime;

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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A handler with every callback, recording each call as a line ("open first", "text hello",
 * "close 1000 bye", ...) and delegating to hooks a test may set. The test compile runs the
 * processor, so it has a generated dispatcher; the fallback builds another from the same class.
 */
public class RecordingHandler {
  /** A callback body a test plugs in. */
  @FunctionalInterface
  public interface Hook<T> {
    void run(T argument, Connection connection, EngineControl control) throws Exception;
  }

  /** What {@code @OnMessage} for text does beyond recording; returns the reply or null. */
  @FunctionalInterface
  public interface TextHook {
    String run(String text, Connection connection, EngineControl control) throws Exception;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition recorded = lock.newCondition();
  private final List<String> events = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  public volatile Hook<OpenInfo> onOpen = (info, c, control) -> {};
  public volatile TextHook onText = (text, c, control) -> null;
  public volatile Hook<byte[]> onBinary = (data, c, control) -> {};
  public volatile Hook<Throwable> onReadError = (error, c, control) -> {};
  public volatile Hook<CloseStatus> onClose = (status, c, control) -> {};
  public volatile CloseStatus closeReply;
  public volatile Hook<RestartAttempt> onRestartError = (attempt, c, control) -> {};
  public volatile Throwable lastReadError;
  public volatile Throwable lastCloseError;
  public volatile Connection lastConnection;

  @OnOpen
  void opened(EngineControl control, OpenInfo info, Connection connection) throws Exception {
    lastConnection = connection;
    record(info.restarting() ? "open restart " + info.attempt() : "open first");
    onOpen.run(info, connection, control);
  }

  @OnMessage
  String text(Connection connection, String text, EngineControl control) throws Exception {
    record("text " + text);
    return onText.run(text, connection, control);
  }

  @OnMessage
  ByteBuffer binary(byte[] data, Connection connection, EngineControl control) throws Exception {
    record("binary " + new String(data, StandardCharsets.UTF_8));
    onBinary.run(data, connection, control);
    return null;
  }

  @OnReadError
  void readError(Throwable error, EngineControl control, Connection connection) throws Exception {
    lastReadError = error;
    record("read error " + error.getClass().getSimpleName() + ": " + error.getMessage());
    onReadError.run(error, connection, control);
  }

  @OnClose
  CloseStatus closed(CloseStatus received, Connection connection, EngineControl control)
      throws Exception {
    record("close " + (received == null ? "none" : received.code() + " " + received.reason()).trim());
    onClose.run(received, connection, control);
    return closeReply;
  }

  @OnCloseError
  void closeError(Throwable error) {
    lastCloseError = error;
    record("close error " + error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  @OnRestartError
  void restartError(RestartAttempt attempt, EngineControl control, Throwable error) throws Exception {
    record("restart error " + attempt.number() + " " + error.getClass().getSimpleName());
    onRestartError.run(attempt, null, control);
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

  /** Every event so far, in order. */
  public List<String> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** The thread that recorded each event, in order. */
  public List<Thread> threads() {
    lock.lock();
    try {
      return List.copyOf(threads);
    } finally {
      lock.unlock();
    }
  }

  /** The events matching {@code filter}, in order. */
  public List<String> events(Predicate<String> filter) {
    return events().stream().filter(filter).toList();
  }

  /** Waits until an event equal to {@code event} was recorded {@code times} times. */
  public void await(String event, int times, Duration timeout) {
    awaitCount(e -> e.equals(event), times, timeout, "'" + event + "' x" + times);
  }

  public void await(String event, Duration timeout) {
    await(event, 1, timeout);
  }

  /** Waits until {@code times} events match {@code filter}. */
  public void awaitCount(Predicate<String> filter, int times, Duration timeout, String description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (events.stream().filter(filter).count() < times) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out after " + timeout + " waiting for " + description + "; events: " + events);
        }
        recorded.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      lock.unlock();
    }
  }
}
