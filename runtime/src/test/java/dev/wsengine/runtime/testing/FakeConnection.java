package dev.wsengine.runtime.testing;

import dev.wsengine.testing.Await;
import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A {@link TransportConnection} whose server side the test scripts, held to the SPI contract as
 * strictly as a real transport would be, and recording what the engine does with it.
 *
 * <p>The test pushes what the server "sends" ({@link #pushText}, {@link #pushReadError}, {@link
 * #serverClose}, {@link #dropLink}); the engine reads it in that order. The engine's sends, pings,
 * closes and aborts are recorded for the test to assert on, and the test can hold or fail them
 * ({@link #blockSends}, {@link #failNextSend}, {@link #failClose}, {@link #pingTimeout}).
 *
 * <p>How closing reads:
 *
 * <ul>
 *   <li>{@link #serverClose} and {@link #dropLink}: {@link #isOpen()} is false and sends throw at
 *       once; reads hand out what was pushed before, then throw {@link ConnectionClosedException}
 *       with the server's status (1006 for a dropped link). Pushing more afterwards is a test bug
 *       and throws {@link IllegalStateException}.
 *   <li>{@link #close} by the engine: likewise, and reads, once they have handed out what was
 *       pushed before, throw {@link ConnectionClosedException} with <em>the status the engine
 *       sent</em>: the fake server echoes the close frame, as RFC 6455 (5.5.1) has endpoints do,
 *       and the SPI reports the server's close frame. Pushes after it are dropped, since a test
 *       racing the engine's close cannot know which came first.
 *   <li>{@link #abort}: the buffer is discarded (abort releases resources); reads and sends throw
 *       at once with {@link CloseStatus#ABNORMAL_CLOSURE}, unless the connection was already
 *       closed, in which case they keep the status it closed with. Pushes after it are dropped.
 * </ul>
 *
 * <p>Whichever close comes first sets the status; later ones change nothing.
 *
 * <p>Misuse the SPI forbids is recorded, not thrown, so a test can assert on it after the fact: two
 * threads inside {@code read} at once count in {@link #concurrentReads()}.
 *
 * <p>Threading: all state but the read-overlap bookkeeping is guarded by {@code lock}; {@code
 * changed} is signalled on every change, which is what blocked reads, sends, pings and the test's
 * {@code await…} methods wait on. The test-side {@code await…} methods fail with {@link
 * AssertionError} on timeout or interrupt.
 */
public final class FakeConnection implements TransportConnection {
  /**
   * How long a send held by {@link #blockSends} waits between looks at its latch: a latch cannot
   * signal our condition, so the gate polls it; closes and aborts still wake it at once.
   */
  private static final long GATE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Messages and read errors not yet read, in push order. Guarded by lock. */
  private final Deque<Object> inbound = new ArrayDeque<>();

  /** The handshake; null until handed out by a transport if none was given. Guarded by lock. */
  private Handshake handshake;

  /** Whether a transport has handed this connection out (or has it scripted). Guarded by lock. */
  private boolean claimed;

  /** The status reads (after the buffer) and sends report; null while open. Guarded by lock. */
  private CloseStatus closedWith;

  /** Whether the server ended the connection (close frame or dropped link). Guarded by lock. */
  private boolean closedByServer;

  /** The status of the engine's close that took effect, if any. Guarded by lock. */
  private CloseStatus engineClose;

  /** Every status the engine passed to close, in order, including no-ops. Guarded by lock. */
  private final List<CloseStatus> closeCalls = new ArrayList<>();

  /** Guarded by lock. */
  private boolean aborted;

  /** Guarded by lock. */
  private IOException closeFailure;

  /** Every message the engine sent, in order. Guarded by lock. */
  private final List<Message> sent = new ArrayList<>();

  /** Guarded by lock. */
  private CountDownLatch sendGate;

  /** Threads waiting at the send gate. Guarded by lock. */
  private int sendsBlocked;

  /** Guarded by lock. */
  private IOException nextSendFailure;

  /** The timeouts the engine pinged with, in order. Guarded by lock. */
  private final List<Duration> pings = new ArrayList<>();

  /** The round-trip time pings report, or null when pings time out. Guarded by lock. */
  private Duration pingRtt = Duration.ZERO;

  /** Threads waiting in read (not merely inside it). Guarded by lock. */
  private int readersWaiting;

  // Read-overlap detection must not depend on the lock, which readers release while waiting.
  private final AtomicInteger readCount = new AtomicInteger();
  private final Set<Thread> readersInside = ConcurrentHashMap.newKeySet();

  /** Descriptions of overlapping reads; synchronized list, any thread. */
  private final List<String> concurrentReads = Collections.synchronizedList(new ArrayList<>());

  /**
   * A connection whose handshake the transport builds from the dialled URI when it hands it out.
   */
  public FakeConnection() {}

  /** A connection with a given handshake, such as one with response headers or a subprotocol. */
  public FakeConnection(Handshake handshake) {
    this.handshake = Objects.requireNonNull(handshake, "handshake");
  }

  // ---------------------------------------------------------------- test side: the server script

  /** The server sends a text message. */
  public FakeConnection pushText(String text) {
    return push(Message.text(text));
  }

  /** The server sends a binary message (copied). */
  public FakeConnection pushBinary(byte[] data) {
    return push(Message.binary(data));
  }

  /** The server sends {@code message}. */
  public FakeConnection push(Message message) {
    return enqueue(Objects.requireNonNull(message, "message"));
  }

  /**
   * The read that reaches this point of the script throws {@code failure}; the connection stays
   * open and later reads go on with what follows.
   */
  public FakeConnection pushReadError(IOException failure) {
    return enqueue(Objects.requireNonNull(failure, "failure"));
  }

  /**
   * The server's close frame arrives with {@code status}: the connection is closed at once for
   * sends and {@link #isOpen()}; reads throw {@link ConnectionClosedException} with {@code status}
   * once everything pushed before is read. Does nothing if the connection is already closed.
   */
  public FakeConnection serverClose(CloseStatus status) {
    Objects.requireNonNull(status, "status");
    lock.lock();
    try {
      if (closedWith == null) {
        closedWith = status;
        closedByServer = true;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    return this;
  }

  /** The link dies without a close frame: as {@link #serverClose} with 1006. */
  public FakeConnection dropLink() {
    return serverClose(CloseStatus.ABNORMAL_CLOSURE);
  }

  private FakeConnection enqueue(Object item) {
    lock.lock();
    try {
      if (closedByServer) {
        throw new IllegalStateException(
            "the server already closed this connection ("
                + closedWith
                + "); nothing arrives after");
      }
      if (closedWith == null) {
        inbound.addLast(item);
        changed.signalAll();
      }
      return this;
    } finally {
      lock.unlock();
    }
  }

  // --------------------------------------------------------------- test side: hooks on the engine

  /**
   * Holds every send (text and binary) until {@code gate} reaches zero. A held send still fails at
   * once if the connection closes; interrupted, it throws {@link InterruptedIOException} and keeps
   * the interrupt. {@link #sendsBlocked()} tells when a send is held.
   */
  public FakeConnection blockSends(CountDownLatch gate) {
    Objects.requireNonNull(gate, "gate");
    lock.lock();
    try {
      sendGate = gate;
      return this;
    } finally {
      lock.unlock();
    }
  }

  /** The next send throws {@code failure} without being recorded; the connection stays open. */
  public FakeConnection failNextSend(IOException failure) {
    Objects.requireNonNull(failure, "failure");
    lock.lock();
    try {
      nextSendFailure = failure;
      return this;
    } finally {
      lock.unlock();
    }
  }

  /** The engine's close marks the connection closed as usual, then throws {@code failure}. */
  public FakeConnection failClose(IOException failure) {
    Objects.requireNonNull(failure, "failure");
    lock.lock();
    try {
      closeFailure = failure;
      return this;
    } finally {
      lock.unlock();
    }
  }

  /** Pings return {@code rtt} at once, as if the pong came back after it. The default is zero. */
  public FakeConnection pingReply(Duration rtt) {
    Objects.requireNonNull(rtt, "rtt");
    if (rtt.isNegative()) {
      throw new IllegalArgumentException("rtt must not be negative; got " + rtt);
    }
    lock.lock();
    try {
      pingRtt = rtt;
      return this;
    } finally {
      lock.unlock();
    }
  }

  /** No pong ever comes: pings wait their whole timeout, then throw {@link TimeoutException}. */
  public FakeConnection pingTimeout() {
    lock.lock();
    try {
      pingRtt = null;
      return this;
    } finally {
      lock.unlock();
    }
  }

  // --------------------------------------------------------------- test side: what happened

  /** How many times {@code read} was called, whatever came of it. */
  public int readCount() {
    return readCount.get();
  }

  /**
   * How many threads are parked in {@code read} with nothing to hand them: no message, no read
   * error, no close. A thread that has been woken but has not yet taken its message is not counted.
   */
  public int readersBlocked() {
    lock.lock();
    try {
      return blockedReaders();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a thread is parked in {@code read} with nothing to read: a silent connection. */
  public void awaitReaderBlocked(Duration timeout) {
    await(() -> blockedReaders() > 0, timeout, "a reader parked in read() with nothing to read");
  }

  /**
   * How many times a thread entered {@code read} while another was inside it (each overlap counts
   * at least once). The engine serializes reads, so tests expect 0.
   */
  public int concurrentReads() {
    return concurrentReads.size();
  }

  /** One line per overlapping read: which thread entered while which others were inside. */
  public List<String> concurrentReadViolations() {
    synchronized (concurrentReads) {
      return List.copyOf(concurrentReads);
    }
  }

  /** The messages the engine sent, in order. */
  public List<Message> sent() {
    lock.lock();
    try {
      return List.copyOf(sent);
    } finally {
      lock.unlock();
    }
  }

  /** The texts of the text messages the engine sent, in order. */
  public List<String> sentTexts() {
    return sent().stream().filter(Message::isText).map(Message::text).collect(Collectors.toList());
  }

  /** Waits until the engine has sent at least {@code n} messages; returns all sent so far. */
  public List<Message> awaitSent(int n, Duration timeout) {
    await(() -> sent.size() >= n, timeout, n + " sent message(s)");
    return sent();
  }

  /** How many sends are held by {@link #blockSends} right now. */
  public int sendsBlocked() {
    lock.lock();
    try {
      return sendsBlocked;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a send is held by {@link #blockSends}. */
  public void awaitSendBlocked(Duration timeout) {
    await(() -> sendsBlocked > 0, timeout, "a send held by blockSends");
  }

  /**
   * The status of the engine's close that took effect; empty if it has not closed (or was late).
   */
  public Optional<CloseStatus> closeStatus() {
    lock.lock();
    try {
      return Optional.ofNullable(engineClose);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Every status the engine passed to {@code close}, in order, including calls that did nothing.
   */
  public List<CloseStatus> closeCalls() {
    lock.lock();
    try {
      return List.copyOf(closeCalls);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the engine's close took effect; returns the status it closed with. */
  public CloseStatus awaitClosed(Duration timeout) {
    await(() -> engineClose != null, timeout, "the engine to close the connection");
    return closeStatus().orElseThrow();
  }

  /** Whether the engine aborted the connection. */
  public boolean aborted() {
    lock.lock();
    try {
      return aborted;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the engine aborts the connection. */
  public void awaitAborted(Duration timeout) {
    await(() -> aborted, timeout, "the engine to abort the connection");
  }

  /** Waits until the engine has let go of the connection: closed it or aborted it. */
  public void awaitReleased(Duration timeout) {
    await(
        () -> engineClose != null || aborted,
        timeout,
        "the engine to close or abort the connection");
  }

  /** The timeouts the engine pinged with, in order. */
  public List<Duration> pings() {
    lock.lock();
    try {
      return List.copyOf(pings);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the engine has pinged at least {@code n} times. */
  public void awaitPings(int n, Duration timeout) {
    await(() -> pings.size() >= n, timeout, n + " ping(s)");
  }

  /** Waits, under the lock, until {@code condition} (which reads guarded state) holds. */
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

  /** The state in a line, for failure messages. Holds lock. */
  private String state() {
    return "connection: unread="
        + inbound.size()
        + ", readCount="
        + readCount.get()
        + ", readersBlocked="
        + blockedReaders()
        + ", sent="
        + sent.size()
        + ", closedWith="
        + closedWith
        + (closedByServer ? " (by server)" : "")
        + ", engineClose="
        + engineClose
        + ", aborted="
        + aborted;
  }

  /** Holds lock. */
  private int blockedReaders() {
    return inbound.isEmpty() && closedWith == null ? readersWaiting : 0;
  }

  // ---------------------------------------------------------------- engine side: the SPI

  /**
   * The handshake given to the constructor, or one built from the dialled URI.
   *
   * @throws IllegalStateException if neither: the connection was never handed out by a transport
   */
  @Override
  public Handshake handshake() {
    lock.lock();
    try {
      if (handshake == null) {
        throw new IllegalStateException(
            "no handshake: this connection was never handed out by a FakeTransport");
      }
      return handshake;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Message read() throws IOException, InterruptedException {
    return take(-1);
  }

  @Override
  public Message read(Duration timeout) throws IOException, InterruptedException {
    return take(dev.wsengine.internal.Durations.saturatedNanos(timeout));
  }

  /**
   * Takes the next message; waits at most {@code timeoutNanos}, or without limit if negative.
   * Interrupted, it throws before taking anything, so nothing is lost; like {@link
   * java.util.concurrent.BlockingQueue#take}, it also throws if the interrupt was already set.
   */
  private Message take(long timeoutNanos) throws IOException, InterruptedException {
    Thread self = Thread.currentThread();
    readCount.incrementAndGet();
    readersInside.add(self);
    try {
      if (readersInside.size() > 1) {
        concurrentReads.add(
            self.getName()
                + " entered read() while "
                + readersInside.stream()
                    .filter(t -> t != self)
                    .map(Thread::getName)
                    .sorted()
                    .collect(Collectors.joining(", "))
                + " was inside");
      }
      lock.lockInterruptibly();
      try {
        long remaining = timeoutNanos;
        while (true) {
          Object head = inbound.pollFirst();
          if (head instanceof Message message) {
            changed.signalAll();
            return message;
          }
          if (head instanceof IOException failure) {
            changed.signalAll();
            throw failure;
          }
          if (closedWith != null) {
            throw new ConnectionClosedException(closedWith);
          }
          if (timeoutNanos >= 0 && remaining <= 0) {
            return null;
          }
          readersWaiting++;
          changed.signalAll(); // for awaitReaderBlocked
          try {
            if (timeoutNanos < 0) {
              changed.await();
            } else {
              remaining = changed.awaitNanos(remaining);
            }
          } finally {
            readersWaiting--;
          }
        }
      } finally {
        lock.unlock();
      }
    } finally {
      readersInside.remove(self);
    }
  }

  /**
   * Records the message once written; see {@link #blockSends} and {@link #failNextSend}.
   *
   * @throws ConnectionClosedException once the connection is closed
   */
  @Override
  public void sendText(String text) throws IOException {
    send(Message.text(Objects.requireNonNull(text, "text")));
  }

  /**
   * As {@link #sendText}, recording a copy of the bytes. Consumes {@code data} like a channel
   * write: once sent, its position is at its limit.
   */
  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    Objects.requireNonNull(data, "data");
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    send(Message.binary(bytes));
    data.position(data.limit());
  }

  private void send(Message message) throws IOException {
    lock.lock();
    try {
      while (true) {
        if (closedWith != null) {
          throw new ConnectionClosedException(closedWith);
        }
        CountDownLatch gate = sendGate;
        if (gate == null || gate.getCount() == 0) {
          break;
        }
        sendsBlocked++;
        changed.signalAll(); // for awaitSendBlocked
        try {
          changed.awaitNanos(GATE_POLL_NANOS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while a send was held by blockSends");
        } finally {
          sendsBlocked--;
        }
      }
      IOException failure = nextSendFailure;
      if (failure != null) {
        nextSendFailure = null;
        throw failure;
      }
      sent.add(message);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records the ping, then returns the round-trip time set by {@link #pingReply} (zero unless set)
   * at once, or, after {@link #pingTimeout}, waits the whole {@code timeout} and throws {@link
   * TimeoutException}. A close or abort meanwhile throws {@link ConnectionClosedException}.
   */
  @Override
  public Duration ping(Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    long remaining = dev.wsengine.internal.Durations.saturatedNanos(timeout);
    lock.lockInterruptibly();
    try {
      if (closedWith != null) {
        throw new ConnectionClosedException(closedWith);
      }
      pings.add(timeout);
      changed.signalAll();
      if (pingRtt != null) {
        return pingRtt;
      }
      while (remaining > 0) {
        remaining = changed.awaitNanos(remaining);
        if (closedWith != null) {
          throw new ConnectionClosedException(closedWith);
        }
      }
      throw new TimeoutException("no pong within " + timeout);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes with {@code status}, which must be sendable; blocked readers, held sends and waiting
   * pings then throw {@link ConnectionClosedException}. Does nothing if the connection is already
   * closed; throws the failure set by {@link #failClose} after closing.
   *
   * @throws IllegalArgumentException if {@code status} may not be sent (1005, 1006, 1015)
   */
  @Override
  public void close(CloseStatus status) throws IOException {
    Objects.requireNonNull(status, "status");
    if (!status.isSendable()) {
      throw new IllegalArgumentException(
          "close needs a status a close frame may carry; got "
              + status
              + ", which is reported only");
    }
    IOException failure;
    lock.lock();
    try {
      closeCalls.add(status);
      if (closedWith != null) {
        changed.signalAll();
        return;
      }
      closedWith = status;
      engineClose = status;
      failure = closeFailure;
      closeFailure = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void abort() {
    lock.lock();
    try {
      if (aborted) {
        return;
      }
      aborted = true;
      inbound.clear();
      if (closedWith == null) {
        closedWith = CloseStatus.ABNORMAL_CLOSURE;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isOpen() {
    lock.lock();
    try {
      return closedWith == null;
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- for FakeTransport

  /** Marks this connection as scripted or handed out; a connection is handed out once. */
  void claim() {
    lock.lock();
    try {
      if (claimed) {
        throw new IllegalStateException("this FakeConnection is already scripted or handed out");
      }
      claimed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Gives the connection the handshake of {@code uri}, unless it was built with one. */
  void dialled(URI uri) {
    lock.lock();
    try {
      if (handshake == null) {
        handshake = Handshake.of(uri, Map.of(), null);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "FakeConnection[" + state() + "]";
    } finally {
      lock.unlock();
    }
  }
}
