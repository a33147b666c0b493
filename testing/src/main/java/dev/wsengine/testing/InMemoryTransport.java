package dev.wsengine.testing;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.HandshakeException;
import dev.wsengine.internal.Durations;
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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A {@link Transport} without a network, for testing a handler under a real engine: the test plays
 * the server. Give it to the engine's builder; each dial the engine makes takes the next outcome
 * the test scripted ({@link #failDial}, {@link #refuse}, {@link #hang}, {@link #acceptAfter}, ...)
 * and succeeds with a fresh {@link InMemoryConnection} once the script is used up. The test drives
 * each connection handed out: it pushes what the server sends, closes it, and asserts on what the
 * client sent.
 *
 * <pre>{@code
 * InMemoryTransport server = new InMemoryTransport();
 * WebSocketEngine engine =
 *     WebSocketEngine.builder(URI.create("ws://test.invalid/"), new Shouter())
 *         .transport(server)
 *         .build();
 * engine.start();
 * InMemoryConnection connection = server.awaitConnection(0, Duration.ofSeconds(5));
 * connection.pushText("hello");
 * assertEquals(Message.text("HELLO"), connection.awaitSent(1, Duration.ofSeconds(5)).get(0));
 * engine.stop();
 * assertEquals(Optional.of(CloseStatus.GOING_AWAY), connection.closeStatus());
 * }</pre>
 *
 * <p>A script for a reconnecting engine reads in dial order:
 *
 * <pre>{@code
 * server.accept()                               // the first start
 *     .failDial(new ConnectException("refused")) // reconnect attempt 1
 *     .refuse(503);                               // attempt 2; attempt 3 gets a connection
 * }</pre>
 *
 * <p>Every dial is recorded ({@link #dials()}: the URI and the {@link ConnectOptions} with the
 * headers and subprotocols the client asked for), and every connection handed out is kept, in order
 * ({@link #connections()}). A dial made with the interrupt already set throws {@link
 * InterruptedException} at once, as a real blocking dial would; it is recorded but does not use up
 * a scripted outcome.
 *
 * <p>Threads: {@link #connect} is the engine's, called from its threads; everything else is the
 * test's, and may be called from any thread, also while dials are in progress. The {@code await…}
 * methods take a real-time timeout and fail with an {@link AssertionError} naming what they waited
 * for and this transport's state, on timeout or when the waiting thread is interrupted (its
 * interrupt stays set). All state is guarded by {@code lock}; {@code changed} is signalled on every
 * change.
 */
public final class InMemoryTransport implements Transport {
  /**
   * One call to {@link #connect}: what it was asked for, and which thread asked.
   *
   * @param uri the URI dialled
   * @param options the options of the dial: handshake headers, subprotocols, timeouts, limits
   * @param threadName the name of the thread that dialled
   */
  public record Dial(URI uri, ConnectOptions options, String threadName) {
    /** Checks that no component is null. */
    public Dial {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(threadName, "threadName");
    }

    /** The extra handshake headers the client sent (see {@link ConnectOptions#headers()}). */
    public Map<String, List<String>> headers() {
      return options.headers();
    }

    /** The values of one handshake header, finding {@code name} in any case; empty if not sent. */
    public List<String> header(String name) {
      Objects.requireNonNull(name, "name");
      return options.headers().entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(List.of());
    }

    /** The subprotocols the client offered, in its order of preference. */
    public List<String> subprotocols() {
      return options.subprotocols();
    }
  }

  private sealed interface Outcome {}

  private record Accept(InMemoryConnection connection) implements Outcome {}

  private record Fail(IOException failure) implements Outcome {}

  private record Refuse(int httpStatus) implements Outcome {}

  private record Hang() implements Outcome {}

  private record AcceptAfterLatch(CountDownLatch gate, InMemoryConnection connection)
      implements Outcome {}

  private record AcceptAfterDelay(Duration delay, InMemoryConnection connection)
      implements Outcome {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Outcomes not yet used, in order. */
  @GuardedBy("lock")
  private final Deque<Outcome> script = new ArrayDeque<>();

  @GuardedBy("lock")
  private final List<Dial> dials = new ArrayList<>();

  /** Connections handed out, in order. */
  @GuardedBy("lock")
  private final List<InMemoryConnection> connections = new ArrayList<>();

  /** Threads inside connect right now. */
  @GuardedBy("lock")
  private int dialsInProgress;

  /** A transport whose dials all succeed until the test scripts otherwise. */
  public InMemoryTransport() {}

  // ---------------------------------------------------------------- the script

  /** The next dial succeeds with a fresh connection. */
  public InMemoryTransport accept() {
    return then(new Accept(null));
  }

  /**
   * The next dial succeeds with {@code connection}, which the test may have pushed messages to.
   *
   * @throws IllegalStateException if {@code connection} is already scripted or handed out
   */
  public InMemoryTransport accept(InMemoryConnection connection) {
    return then(new Accept(claim(connection)));
  }

  /** The next dial throws {@code failure} (such as a {@link java.net.ConnectException}). */
  public InMemoryTransport failDial(IOException failure) {
    return then(new Fail(Objects.requireNonNull(failure, "failure")));
  }

  /**
   * The server refuses the next handshake: the dial throws {@link HandshakeException} with {@code
   * httpStatus}.
   *
   * @throws IllegalArgumentException unless {@code httpStatus} is an HTTP status (100-599) other
   *     than 101
   */
  public InMemoryTransport refuse(int httpStatus) {
    if (httpStatus < 100 || httpStatus > 599 || httpStatus == 101) {
      throw new IllegalArgumentException(
          "httpStatus must be within 100-599 and not 101; got " + httpStatus);
    }
    return then(new Refuse(httpStatus));
  }

  /**
   * The next dial never completes: it blocks until the dialling thread is interrupted ({@link
   * InterruptedException}) or the {@link ConnectOptions#handshakeTimeout()} it was given passes
   * ({@link IOException} "handshake timed out"), as a server that never answers.
   */
  public InMemoryTransport hang() {
    return then(new Hang());
  }

  /**
   * The next dial blocks until {@code gate} reaches zero, then succeeds with a fresh connection.
   * Interrupted, it throws {@link InterruptedException} and hands nothing out. It ignores the
   * handshake timeout: the test decides when the dial completes, and the engine's open timeout is
   * what stops it earlier.
   */
  public InMemoryTransport acceptAfter(CountDownLatch gate) {
    return then(new AcceptAfterLatch(Objects.requireNonNull(gate, "gate"), null));
  }

  /** As {@link #acceptAfter(CountDownLatch)}, succeeding with {@code connection}. */
  public InMemoryTransport acceptAfter(CountDownLatch gate, InMemoryConnection connection) {
    return then(new AcceptAfterLatch(Objects.requireNonNull(gate, "gate"), claim(connection)));
  }

  /**
   * A slow server: the next dial blocks for {@code delay} of real time, then succeeds with a fresh
   * connection. Like {@link #acceptAfter(CountDownLatch)}, it ignores the handshake timeout and,
   * interrupted, throws {@link InterruptedException} and hands nothing out.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public InMemoryTransport acceptAfter(Duration delay) {
    return then(new AcceptAfterDelay(checkDelay(delay), null));
  }

  /** As {@link #acceptAfter(Duration)}, succeeding with {@code connection}. */
  public InMemoryTransport acceptAfter(Duration delay, InMemoryConnection connection) {
    return then(new AcceptAfterDelay(checkDelay(delay), claim(connection)));
  }

  private static Duration checkDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative; got " + delay);
    }
    return delay;
  }

  private static InMemoryConnection claim(InMemoryConnection connection) {
    Objects.requireNonNull(connection, "connection").claim();
    return connection;
  }

  private InMemoryTransport then(Outcome outcome) {
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

  /**
   * Waits until at least {@code n} dials were made; returns all dials so far.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public List<Dial> awaitDials(int n, Duration timeout) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative; got " + n);
    }
    await(() -> dialCount() >= n, timeout, n + " dial(s)");
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
  public List<InMemoryConnection> connections() {
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
  public InMemoryConnection connection(int index) {
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

  /**
   * Waits until the {@code index}-th connection (from 0) is handed out, and returns it.
   *
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public InMemoryConnection awaitConnection(int index, Duration timeout) {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative; got " + index);
    }
    await(() -> connectionCount() > index, timeout, "connection " + index + " to be handed out");
    return connection(index);
  }

  /**
   * The connection handed out last.
   *
   * @throws AssertionError if none was
   */
  public InMemoryConnection lastConnection() {
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

  private int connectionCount() {
    lock.lock();
    try {
      return connections.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code condition} holds, looking again whenever the state changes. The condition
   * runs with the lock held (it is reentrant, so the condition may call the public accessors).
   */
  @SuppressWarnings("GuardedBy") // Await.underLock calls state() with the lock held
  private void await(BooleanSupplier condition, Duration timeout, String what) {
    Await.underLock(lock, changed, condition, timeout, what, () -> state());
  }

  @GuardedBy("lock")
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

  /**
   * The engine's: takes the next scripted outcome, or accepts if none is left.
   *
   * @return an {@link InMemoryConnection}
   */
  @Override
  public TransportConnection connect(URI uri, ConnectOptions options)
      throws IOException, InterruptedException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    Dial dial = new Dial(uri, options, Thread.currentThread().getName());
    Outcome outcome;
    lock.lock();
    try {
      dials.add(dial);
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
        return handOut(accept.connection(), dial);
      } else if (outcome instanceof Fail fail) {
        throw fail.failure();
      } else if (outcome instanceof Refuse refuse) {
        throw new HandshakeException(
            refuse.httpStatus(), "refused by the InMemoryTransport script");
      } else if (outcome instanceof Hang) {
        waitFor(options.handshakeTimeout());
        throw new IOException("handshake timed out after " + options.handshakeTimeout());
      } else if (outcome instanceof AcceptAfterLatch after) {
        after.gate().await();
        return handOut(after.connection(), dial);
      } else if (outcome instanceof AcceptAfterDelay after) {
        waitFor(after.delay());
        return handOut(after.connection(), dial);
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

  /** Blocks for {@code duration} of real time, unless interrupted. */
  private void waitFor(Duration duration) throws InterruptedException {
    long remaining = Durations.saturatedNanos(duration);
    lock.lock();
    try {
      while (remaining > 0) {
        remaining = changed.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  private InMemoryConnection handOut(InMemoryConnection prepared, Dial dial) {
    InMemoryConnection connection = prepared != null ? prepared : new InMemoryConnection();
    if (prepared == null) {
      connection.claim();
    }
    connection.dialled(dial);
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
      return "InMemoryTransport[" + state() + "]";
    } finally {
      lock.unlock();
    }
  }
}
