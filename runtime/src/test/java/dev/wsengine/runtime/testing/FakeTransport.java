package dev.wsengine.runtime.testing;

import dev.wsengine.testing.Await;
import dev.wsengine.HandshakeException;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A {@link Transport} whose dials the test scripts: each {@link #connect} takes the next scripted
 * outcome, and succeeds with a fresh {@link FakeConnection} once the script is used up. Every dial
 * is recorded, and every connection handed out is kept, in order, for the test to drive.
 *
 * <pre>{@code
 * FakeTransport transport =
 *     new FakeTransport().failDial(new ConnectException("refused")).refuse(503);
 * // the engine dials three times: ConnectException, HandshakeException(503), then a connection
 * FakeConnection connection = transport.awaitConnection(0, TIMEOUT);
 * connection.pushText("hello").serverClose(CloseStatus.NORMAL);
 * }</pre>
 *
 * <p>A dial made with the interrupt already set throws {@link InterruptedException} at once, as a
 * real blocking dial would; it is recorded but does not use up a scripted outcome.
 *
 * <p>Thread-safe. All state is guarded by {@code lock}; {@code changed} is signalled on every
 * change. The test-side {@code await…} methods fail with {@link AssertionError} on timeout or
 * interrupt.
 */
public final class FakeTransport implements Transport {
  /** One call to {@link #connect}: what it was asked for, and which thread asked. */
  public record Dial(URI uri, ConnectOptions options, String threadName) {}

  private sealed interface Outcome {}

  private record Accept(FakeConnection connection) implements Outcome {}

  private record Fail(IOException failure) implements Outcome {}

  private record Refuse(int httpStatus) implements Outcome {}

  private record Hang() implements Outcome {}

  private record AcceptAfter(CountDownLatch gate, FakeConnection connection) implements Outcome {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Outcomes not yet used, in order. Guarded by lock. */
  private final Deque<Outcome> script = new ArrayDeque<>();

  /** Guarded by lock. */
  private final List<Dial> dials = new ArrayList<>();

  /** Connections handed out, in order. Guarded by lock. */
  private final List<FakeConnection> connections = new ArrayList<>();

  /** Threads inside connect right now. Guarded by lock. */
  private int dialsInProgress;

  // ---------------------------------------------------------------- the script

  /** The next dial succeeds with a fresh connection. */
  public FakeTransport accept() {
    return then(new Accept(null));
  }

  /**
   * The next dial succeeds with {@code connection}, which the test may have pushed messages to.
   *
   * @throws IllegalStateException if {@code connection} is already scripted or handed out
   */
  public FakeTransport accept(FakeConnection connection) {
    return then(new Accept(claim(connection)));
  }

  /** The next dial throws {@code failure} (such as a {@link java.net.ConnectException}). */
  public FakeTransport failDial(IOException failure) {
    return then(new Fail(Objects.requireNonNull(failure, "failure")));
  }

  /**
   * The server refuses the next handshake: the dial throws {@link HandshakeException} with {@code
   * httpStatus}.
   *
   * @throws IllegalArgumentException unless {@code httpStatus} is an HTTP status other than 101
   */
  public FakeTransport refuse(int httpStatus) {
    if (httpStatus < 100 || httpStatus > 599 || httpStatus == 101) {
      throw new IllegalArgumentException(
          "httpStatus must be within 100-599 and not 101; got " + httpStatus);
    }
    return then(new Refuse(httpStatus));
  }

  /**
   * The next dial never completes: it blocks until the dialling thread is interrupted ({@link
   * InterruptedException}) or the {@link ConnectOptions#handshakeTimeout()} it was given passes
   * ({@link IOException} "handshake timed out").
   */
  public FakeTransport hang() {
    return then(new Hang());
  }

  /**
   * The next dial blocks until {@code gate} reaches zero, then succeeds with a fresh connection.
   * Interrupted, it throws {@link InterruptedException} and hands nothing out. It ignores the
   * handshake timeout: the test decides when the dial completes.
   */
  public FakeTransport acceptAfter(CountDownLatch gate) {
    return then(new AcceptAfter(Objects.requireNonNull(gate, "gate"), null));
  }

  /** As {@link #acceptAfter(CountDownLatch)}, succeeding with {@code connection}. */
  public FakeTransport acceptAfter(CountDownLatch gate, FakeConnection connection) {
    return then(new AcceptAfter(Objects.requireNonNull(gate, "gate"), claim(connection)));
  }

  private static FakeConnection claim(FakeConnection connection) {
    Objects.requireNonNull(connection, "connection").claim();
    return connection;
  }

  private FakeTransport then(Outcome outcome) {
    lock.lock();
    try {
      script.addLast(outcome);
      return this;
    } finally {
      lock.unlock();
    }
  }

  /** How many scripted outcomes no dial has used yet. */
  public int scriptRemaining() {
    lock.lock();
    try {
      return script.size();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- what happened

  /** Every dial so far, in order, including those that failed or are still in progress. */
  public List<Dial> dials() {
    lock.lock();
    try {
      return List.copyOf(dials);
    } finally {
      lock.unlock();
    }
  }

  /** How many times {@link #connect} was called. */
  public int dialCount() {
    lock.lock();
    try {
      return dials.size();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until at least {@code n} dials were made; returns all dials so far. */
  public List<Dial> awaitDials(int n, Duration timeout) {
    await(() -> dials.size() >= n, timeout, n + " dial(s)");
    return dials();
  }

  /** How many threads are inside {@link #connect} right now (such as in a {@link #hang()}). */
  public int dialsInProgress() {
    lock.lock();
    try {
      return dialsInProgress;
    } finally {
      lock.unlock();
    }
  }

  /** The connections handed out so far, in order. */
  public List<FakeConnection> connections() {
    lock.lock();
    try {
      return List.copyOf(connections);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The {@code index}-th connection handed out, counting from 0.
   *
   * @throws AssertionError if fewer were handed out
   */
  public FakeConnection connection(int index) {
    lock.lock();
    try {
      if (index < 0 || index >= connections.size()) {
        throw new AssertionError(
            "no connection " + index + ": " + connections.size() + " handed out; " + state());
      }
      return connections.get(index);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the {@code index}-th connection (from 0) is handed out, and returns it. */
  public FakeConnection awaitConnection(int index, Duration timeout) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative; got " + index);
    }
    await(() -> connections.size() > index, timeout, "connection " + index + " to be handed out");
    return connection(index);
  }

  /**
   * The connection handed out last.
   *
   * @throws AssertionError if none was
   */
  public FakeConnection lastConnection() {
    lock.lock();
    try {
      if (connections.isEmpty()) {
        throw new AssertionError("no connection handed out yet; " + state());
      }
      return connections.get(connections.size() - 1);
    } finally {
      lock.unlock();
    }
  }

  private void await(BooleanSupplier condition, Duration timeout, String what) {
    long remaining = dev.wsengine.internal.Durations.saturatedNanos(timeout);
    lock.lock();
    try {
      while (!condition.getAsBoolean()) {
        if (remaining <= 0) {
          throw new AssertionError(
              "timed out after " + timeout + " waiting for " + what + "; " + state());
        }
        remaining = changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    } finally {
      lock.unlock();
    }
  }

  /** Holds lock. */
  private String state() {
    return "transport: dials="
        + dials.size()
        + ", inProgress="
        + dialsInProgress
        + ", connections="
        + connections.size()
        + ", scriptRemaining="
        + script.size();
  }

  // ---------------------------------------------------------------- the SPI

  @Override
  public TransportConnection connect(URI uri, ConnectOptions options)
      throws IOException, InterruptedException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    Outcome outcome;
    lock.lock();
    try {
      dials.add(new Dial(uri, options, Thread.currentThread().getName()));
      changed.signalAll();
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted before dialling " + uri);
      }
      outcome = script.isEmpty() ? new Accept(null) : script.removeFirst();
      dialsInProgress++;
    } finally {
      lock.unlock();
    }
    try {
      if (outcome instanceof Accept accept) {
        return handOut(accept.connection(), uri);
      } else if (outcome instanceof Fail fail) {
        throw fail.failure();
      } else if (outcome instanceof Refuse refuse) {
        throw new HandshakeException(refuse.httpStatus(), "refused by the FakeTransport script");
      } else if (outcome instanceof Hang) {
        hangUntilTimeout(options.handshakeTimeout());
        throw new AssertionError("unreachable");
      } else if (outcome instanceof AcceptAfter after) {
        after.gate().await();
        return handOut(after.connection(), uri);
      }
      throw new AssertionError("unknown outcome " + outcome);
    } finally {
      lock.lock();
      try {
        dialsInProgress--;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void hangUntilTimeout(Duration handshakeTimeout)
      throws IOException, InterruptedException {
    long remaining = dev.wsengine.internal.Durations.saturatedNanos(handshakeTimeout);
    lock.lock();
    try {
      while (remaining > 0) {
        remaining = changed.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
    throw new IOException("handshake timed out after " + handshakeTimeout);
  }

  private FakeConnection handOut(FakeConnection prepared, URI uri) {
    FakeConnection connection = prepared != null ? prepared : new FakeConnection();
    if (prepared == null) {
      connection.claim();
    }
    connection.dialled(uri);
    lock.lock();
    try {
      connections.add(connection);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return connection;
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "FakeTransport[" + state() + "]";
    } finally {
      lock.unlock();
    }
  }
}
