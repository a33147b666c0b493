package dev.wsengine.tyrus.testing;

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
 * "close 4001 bye", ...) and delegating to hooks a test may set. Adapted from the runtime's test
 * handler; the test compile runs the processor, so it has a generated dispatcher.
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

  /** Binary messages longer than this are recorded by size only. */
  private static final int RECORDED_BINARY_BYTES = 64;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition recorded = lock.newCondition();
  private final List<String> events = new ArrayList<>();
  private final List<CloseStatus> closes = new ArrayList<>();

  public volatile Hook<OpenInfo> onOpen = (info, c, control) -> {};
  public volatile TextHook onText = (text, c, control) -> null;
  public volatile Hook<byte[]> onBinary = (data, c, control) -> {};
  public volatile boolean recordMessages = true;
  public volatile Throwable lastReadError;
  public volatile Throwable lastRestartError;
  public volatile OpenInfo lastOpenInfo;
  public volatile Connection lastConnection;

  @OnOpen
  void opened(EngineControl control, OpenInfo info, Connection connection) throws Exception {
    lastConnection = connection;
    lastOpenInfo = info;
    record(info.restarting() ? "open restart " + info.attempt() : "open first");
    onOpen.run(info, connection, control);
  }

  @OnMessage
  String text(Connection connection, String text, EngineControl control) throws Exception {
    if (recordMessages) {
      record("text " + text);
    }
    return onText.run(text, connection, control);
  }

  @OnMessage
  ByteBuffer binary(byte[] data, Connection connection, EngineControl control) throws Exception {
    if (recordMessages) {
      record(
          data.length <= RECORDED_BINARY_BYTES
              ? "binary " + new String(data, StandardCharsets.UTF_8)
              : "binary " + data.length + " bytes");
    }
    onBinary.run(data, connection, control);
    return null;
  }

  @OnReadError
  void readError(Throwable error) {
    lastReadError = error;
    record("read error " + error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  @OnClose
  void closed(CloseStatus received) {
    lock.lock();
    try {
      closes.add(received);
    } finally {
      lock.unlock();
    }
    record("close " + (received == null ? "none" : (received.code() + " " + received.reason()).trim()));
  }

  @OnCloseError
  void closeError(Throwable error) {
    record("close error " + error.getClass().getSimpleName() + ": " + error.getMessage());
  }

  @OnRestartError
  void restartError(RestartAttempt attempt, Throwable error) {
    lastRestartError = error;
    record("restart error " + attempt.number());
  }

  private void record(String event) {
    lock.lock();
    try {
      events.add(event);
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

  /** The events matching {@code filter}, in order. */
  public List<String> events(Predicate<String> filter) {
    return events().stream().filter(filter).toList();
  }

  /** The statuses {@code @OnClose} received, in order (null when this side closed). */
  public List<CloseStatus> closes() {
    lock.lock();
    try {
      return new ArrayList<>(closes);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until an event equal to {@code event} was recorded {@code times} times. */
  public void await(String event, int times, Duration timeout) {
    awaitCount(e -> e.equals(event), times, timeout, "'" + event + "' x" + times);
  }

  public void await(String event, Duration timeout) {
    await(event, 1, timeout);
  }

  /** Waits until an event starting with {@code prefix} was recorded. */
  public String awaitPrefix(String prefix, Duration timeout) {
    awaitCount(e -> e.startsWith(prefix), 1, timeout, "an event starting with '" + prefix + "'");
    return events(e -> e.startsWith(prefix)).get(0);
  }

  /** Waits until {@code times} events match {@code filter}. */
  public void awaitCount(Predicate<String> filter, int times, Duration timeout, String description) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (events.stream().filter(filter).count() < times) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "timed out after " + timeout + " waiting for " + description + "; events: " + events);
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
