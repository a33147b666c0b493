package dev.wsengine.testing;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.internal.Durations;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
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
 * One connection of an {@link InMemoryTransport}: the engine holds it as its {@link
 * TransportConnection}, and the test plays the server on it. It keeps the SPI contract as strictly
 * as a network transport must, and records what the engine does with it.
 *
 * <pre>{@code
 * InMemoryConnection connection = server.awaitConnection(0, Duration.ofSeconds(5));
 * connection.pushText("hello");                     // the server sends
 * assertEquals(Message.text("HELLO"), connection.awaitSent(1, Duration.ofSeconds(5)).get(0));
 * connection.serverClose(CloseStatus.of(4000, "bye")); // the server closes
 * }</pre>
 *
 * <p><b>The test's side.</b> What the server sends: {@link #pushText}, {@link #pushBinary}, {@link
 * #push}, a read that fails ({@link #pushReadError}), its close frame ({@link #serverClose}), a
 * link that dies without one ({@link #dropLink}); the engine reads them in that order. What the
 * client did: {@link #sent()}, {@link #closeStatus()}, {@link #closeCalls()}, {@link #aborted()},
 * {@link #pings()}, the {@link #dial()} that opened it (the headers and subprotocols it asked for),
 * and the {@code await…} methods that wait for them. How the link misbehaves: {@link #blockSends},
 * {@link #failNextSend}, {@link #failClose}, {@link #pingReply}, {@link #pingTimeout}. All of these
 * may be called from any thread, before or after the connection is handed out. The {@code await…}
 * methods take a real-time timeout and fail with an {@link AssertionError} naming what they waited
 * for and this connection's state, on timeout or when the waiting thread is interrupted (its
 * interrupt stays set).
 *
 * <p><b>The engine's side.</b> The {@link TransportConnection} methods ({@code read}, {@code poll},
 * {@code whenReadable}, the sends, {@code ping}, {@code close}, {@code abort}, {@code isOpen},
 * {@code handshake}) are the engine's; a test calls them only to test this class. {@code poll}
 * hands out exactly what {@code read} would, in the same order, without waiting. A {@code
 * whenReadable} listener runs at once on the registering thread if {@code poll} has something to
 * give; otherwise on the test's thread that makes it so ({@link #push}, {@link #pushReadError},
 * {@link #serverClose}, {@link #dropLink}) or on the engine's thread that closes or aborts, after
 * that call has released the connection's lock, never under it.
 *
 * <p><b>How it closes.</b> Whichever close comes first sets the status; later ones change nothing.
 *
 * <ul>
 *   <li>{@link #serverClose} and {@link #dropLink}: {@link #isOpen()} is false and sends throw at
 *       once; reads hand out what was pushed before, then throw {@link ConnectionClosedException}
 *       with the server's status (1006 for a dropped link). Pushing more afterwards is a test bug
 *       and throws {@link IllegalStateException}.
 *   <li>{@link #close} by the engine: likewise, and reads, once they have handed out what was
 *       pushed before, throw {@link ConnectionClosedException} with <em>the status the engine
 *       sent</em>: the server echoes the close frame, as RFC 6455 (5.5.1) has endpoints do, and the
 *       SPI reports the server's close frame. Pushes after it are dropped, since a test racing the
 *       engine's close cannot know which came first.
 *   <li>A pushed message over the {@link ConnectOptions#maxTextMessageBytes()} or {@link
 *       ConnectOptions#maxBinaryMessageBytes()} of the dial: the client closes with 1009 ({@link
 *       CloseStatus#MESSAGE_TOO_BIG}, then in {@link #closeStatus()}), as a network transport must;
 *       the message is dropped, what was pushed before is still read, pushes after it are dropped.
 *   <li>{@link #abort}: the buffer is discarded (abort releases resources); reads and sends throw
 *       at once with {@link CloseStatus#ABNORMAL_CLOSURE}, unless the connection was already
 *       closed, in which case they keep the status it closed with. Pushes after it are dropped.
 * </ul>
 *
 * <p>Unlike a network transport it buffers whatever the test pushes, without limit: its "socket" is
 * the test, which should not block. A {@code send} consumes its buffer as a channel write does (the
 * engine must hand it a buffer of its own).
 *
 * <p>Misuse the SPI forbids is recorded, not thrown, so a test can assert on it after the fact: two
 * threads inside {@code read} or {@code poll} at once count in {@link #concurrentReads()}.
 *
 * <p>Threading: all state but the read-overlap bookkeeping is guarded by {@code lock}; {@code
 * changed} is signalled on every change, which is what blocked reads, sends, pings and the test's
 * {@code await…} methods wait on. A readable listener is taken out under the lock and run after it
 * is released ({@link #fireIfReadable}).
 */
public final class InMemoryConnection implements TransportConnection {
  /**
   * How long a send held by {@link #blockSends} waits between looks at its latch: a latch cannot
   * signal our condition, so the gate polls it; closes and aborts still wake it at once.
   */
  private static final long GATE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Messages and read errors not yet read, in push order. */
  @GuardedBy("lock")
  private final Deque<Object> inbound = new ArrayDeque<>();

  /** The handshake; null until handed out by a transport if none was given. */
  @GuardedBy("lock")
  private Handshake handshake;

  /** The dial that handed this connection out; null until then. */
  @GuardedBy("lock")
  private InMemoryTransport.Dial dial;

  /** Whether a transport has handed this connection out (or has it scripted). */
  @GuardedBy("lock")
  private boolean claimed;

  /** The status reads (after the buffer) and sends report; null while open. */
  @GuardedBy("lock")
  private CloseStatus closedWith;

  /** Whether the server ended the connection (close frame or dropped link). */
  @GuardedBy("lock")
  private boolean closedByServer;

  /** The status of the close frame the client sent (engine's close or 1009), if any. */
  @GuardedBy("lock")
  private CloseStatus clientClose;

  /** Every status the engine passed to close, in order, including no-ops. */
  @GuardedBy("lock")
  private final List<CloseStatus> closeCalls = new ArrayList<>();

  @GuardedBy("lock")
  private boolean aborted;

  @GuardedBy("lock")
  private IOException closeFailure;

  /** Every message the engine sent, in order. */
  @GuardedBy("lock")
  private final List<Message> sent = new ArrayList<>();

  @GuardedBy("lock")
  private CountDownLatch sendGate;

  /** Threads waiting at the send gate. */
  @GuardedBy("lock")
  private int sendsBlocked;

  @GuardedBy("lock")
  private IOException nextSendFailure;

  /** The timeouts the engine pinged with, in order. */
  @GuardedBy("lock")
  private final List<Duration> pings = new ArrayList<>();

  /** The round-trip time pings report, or null when pings time out. */
  @GuardedBy("lock")
  private Duration pingRtt = Duration.ZERO;

  /** Threads waiting in read (not merely inside it). */
  @GuardedBy("lock")
  private int readersWaiting;

  /** The engine's {@code whenReadable} listener waiting to be told; null if none. */
  @GuardedBy("lock")
  private Runnable readableListener;

  /** How many {@code whenReadable} listeners were run (for tests). */
  @GuardedBy("lock")
  private int listenersRun;

  // Read-overlap detection must not depend on the lock, which readers release while waiting.
  private final AtomicInteger readCount = new AtomicInteger();
  private final Set<Thread> readersInside = ConcurrentHashMap.newKeySet();

  /** Descriptions of overlapping reads; a synchronized list, any thread. */
  private final List<String> concurrentReads = Collections.synchronizedList(new ArrayList<>());

  /**
   * A connection whose handshake the transport builds from the dialled URI when it hands it out: no
   * response headers, no subprotocol. Script it with {@link InMemoryTransport#accept(
   * InMemoryConnection)} to push messages before the engine connects.
   */
  public InMemoryConnection() {}

  /**
   * A connection with a given handshake, such as one with response headers or a subprotocol the
   * server chose.
   */
  public InMemoryConnection(Handshake handshake) {
    this.handshake = Objects.requireNonNull(handshake, "handshake");
  }

  // ---------------------------------------------------------------- test side: the server script

  /** The server sends a text message. */
  public InMemoryConnection pushText(String text) {
    return push(Message.text(text));
  }

  /** The server sends a binary message (copied). */
  public InMemoryConnection pushBinary(byte[] data) {
    return push(Message.binary(data));
  }

  /** The server sends {@code message}. */
  public InMemoryConnection push(Message message) {
    return enqueue(Objects.requireNonNull(message, "message"));
  }

  /**
   * The read that reaches this point of the script throws {@code failure}; the connection stays
   * open and later reads go on with what follows.
   */
  public InMemoryConnection pushReadError(IOException failure) {
    return enqueue(Objects.requireNonNull(failure, "failure"));
  }

  /**
   * The server's close frame arrives with {@code status}: the connection is closed at once for
   * sends and {@link #isOpen()}; reads throw {@link ConnectionClosedException} with {@code status}
   * once everything pushed before is read. Does nothing if the connection is already closed.
   */
  public InMemoryConnection serverClose(CloseStatus status) {
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
    fireIfReadable();
    return this;
  }

  /**
   * The link dies without a close frame: as {@link #serverClose} with 1006 ({@link
   * CloseStatus#ABNORMAL_CLOSURE}).
   */
  public InMemoryConnection dropLink() {
    return serverClose(CloseStatus.ABNORMAL_CLOSURE);
  }

  private InMemoryConnection enqueue(Object item) {
    lock.lock();
    try {
      if (closedByServer) {
        throw new IllegalStateException(
            "the server already closed this connection ("
                + closedWith
                + "); nothing arrives after; "
                + state());
      }
      if (closedWith != null) {
        return this; // the client closed: the test may have raced it
      }
      if (dial != null && tooBig(item, dial.options())) {
        closeForOversize();
      } else {
        inbound.addLast(item);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    fireIfReadable();
    return this;
  }

  // --------------------------------------------------------------- test side: hooks on the engine

  /**
   * Holds every send (text and binary) until {@code gate} reaches zero. A held send still fails at
   * once if the connection closes; interrupted, it throws {@link InterruptedIOException} and keeps
   * the interrupt. {@link #sendsBlocked()} tells when a send is held.
   */
  public InMemoryConnection blockSends(CountDownLatch gate) {
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
  public InMemoryConnection failNextSend(IOException failure) {
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
  public InMemoryConnection failClose(IOException failure) {
    Objects.requireNonNull(failure, "failure");
    lock.lock();
    try {
      closeFailure = failure;
      return this;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Pings return {@code rtt} at once, as if the pong came back after it. The default is zero.
   *
   * @throws IllegalArgumentException if {@code rtt} is negative
   */
  public InMemoryConnection pingReply(Duration rtt) {
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
  public InMemoryConnection pingTimeout() {
    lock.lock();
    try {
      pingRtt = null;
      return this;
    } finally {
      lock.unlock();
    }
  }

  // --------------------------------------------------------------- test side: what happened

  /**
   * The dial that handed this connection out: the URI, and the {@link ConnectOptions} with the
   * handshake headers and subprotocols the client asked for.
   *
   * @throws AssertionError if no transport has handed it out yet
   */
  public InMemoryTransport.Dial dial() {
    lock.lock();
    try {
      if (dial == null) {
        throw new AssertionError("this connection was not handed out by a dial yet; " + state());
      }
      return dial;
    } finally {
      lock.unlock();
    }
  }

  /** How many times {@code read} or {@code poll} was called, whatever came of it. */
  public int readCount() {
    return readCount.get();
  }

  /** How many messages and read errors were pushed and not yet read. */
  public int unread() {
    lock.lock();
    try {
      return inbound.size();
    } finally {
      lock.unlock();
    }
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

  /**
   * Waits until the engine has taken everything pushed so far and waits for more: a thread is
   * parked in {@code read} with nothing to read, or a {@code whenReadable} listener waits with
   * nothing to poll ({@link #readListenerWaiting()}), whichever way the engine reads.
   */
  public void awaitReaderBlocked(Duration timeout) {
    await(
        () -> readersBlocked() > 0 || readListenerWaiting(),
        timeout,
        "a reader parked in read() or a whenReadable listener waiting, with nothing to read");
  }

  /**
   * Whether a {@code whenReadable} listener is registered and waiting: {@code poll} has nothing to
   * give (no message, no read error, no close), so it has not been run yet.
   */
  public boolean readListenerWaiting() {
    lock.lock();
    try {
      return readableListener != null && !readable();
    } finally {
      lock.unlock();
    }
  }

  /** How many {@code whenReadable} listeners have been run, at once or later. */
  public int readListenersRun() {
    lock.lock();
    try {
      return listenersRun;
    } finally {
      lock.unlock();
    }
  }

  /**
   * How many times a thread entered {@code read} or {@code poll} while another was inside either
   * (each overlap counts at least once). The engine serializes reads, so tests expect 0.
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

  /**
   * Waits until the engine has sent at least {@code n} messages; returns all sent so far.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public List<Message> awaitSent(int n, Duration timeout) {
    nonNegative("n", n);
    await(() -> sentCount() >= n, timeout, n + " sent message(s)");
    return sent();
  }

  private int sentCount() {
    lock.lock();
    try {
      return sent.size();
    } finally {
      lock.unlock();
    }
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
    await(() -> sendsBlocked() > 0, timeout, "a send held by blockSends");
  }

  /**
   * The status of the close frame the client sent: the engine's {@code close} that took effect, or
   * 1009 if a pushed message was over the size limit. Empty if the client has not closed, or was
   * late (the server had closed first, or the connection was aborted).
   */
  public Optional<CloseStatus> closeStatus() {
    lock.lock();
    try {
      return Optional.ofNullable(clientClose);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The status the connection closed with, whoever closed it (as reads report it once the buffer is
   * empty); empty while open.
   */
  public Optional<CloseStatus> closedWith() {
    lock.lock();
    try {
      return Optional.ofNullable(closedWith);
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

  /** Waits until the client has sent its close frame; returns its status ({@link #closeStatus}). */
  public CloseStatus awaitClosed(Duration timeout) {
    await(() -> closeStatus().isPresent(), timeout, "the client to close the connection");
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
    await(this::aborted, timeout, "the engine to abort the connection");
  }

  /** Waits until the client has let go of the connection: closed it or aborted it. */
  public void awaitReleased(Duration timeout) {
    await(
        () -> closeStatus().isPresent() || aborted(),
        timeout,
        "the client to close or abort the connection");
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

  /**
   * Waits until the engine has pinged at least {@code n} times.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public void awaitPings(int n, Duration timeout) {
    nonNegative("n", n);
    await(() -> pings().size() >= n, timeout, n + " ping(s)");
  }

  /**
   * Waits until {@code condition} holds, looking again whenever the state changes. The condition
   * runs with the lock held (it is reentrant, so the condition may call the public accessors).
   */
  @SuppressWarnings("GuardedBy") // Await.underLock calls state() with the lock held
  private void await(BooleanSupplier condition, Duration timeout, String what) {
    Await.underLock(lock, changed, condition, timeout, what, () -> state());
  }

  private static void nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative; got " + value);
    }
  }

  /** The state in a line, for failure messages. */
  @GuardedBy("lock")
  private String state() {
    return "connection: unread="
        + inbound.size()
        + ", readCount="
        + readCount.get()
        + ", readersBlocked="
        + blockedReaders()
        + ", readListener="
        + (readableListener == null ? "none" : readable() ? "due" : "waiting")
        + ", sent="
        + sent.size()
        + ", sendsBlocked="
        + sendsBlocked
        + ", pings="
        + pings.size()
        + ", closedWith="
        + closedWith
        + (closedByServer ? " (by server)" : "")
        + ", clientClose="
        + clientClose
        + ", aborted="
        + aborted;
  }

  @GuardedBy("lock")
  private int blockedReaders() {
    return readable() ? 0 : readersWaiting;
  }

  /** Whether {@code poll} has something other than null to give: an item, or the close. */
  @GuardedBy("lock")
  private boolean readable() {
    return !inbound.isEmpty() || closedWith != null;
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
            "no handshake: this connection was never handed out by an InMemoryTransport");
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

  /** As {@link #read()}, waiting at most {@code timeout}; zero or negative does not wait. */
  @Override
  public Message read(Duration timeout) throws IOException, InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    return take(Math.max(0, Durations.saturatedNanos(timeout)));
  }

  /**
   * Takes the next message; waits at most {@code timeoutNanos}, or without limit if negative.
   * Interrupted, it throws before taking anything, so nothing is lost; like {@link
   * java.util.concurrent.BlockingQueue#take}, it also throws if the interrupt was already set.
   */
  private Message take(long timeoutNanos) throws IOException, InterruptedException {
    Thread self = enterRead("read()");
    try {
      lock.lockInterruptibly();
      try {
        long remaining = timeoutNanos;
        while (true) {
          Message message = takeHead();
          if (message != null) {
            return message;
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
   * Takes what {@link #read()} would take, without waiting: the next message, the next scripted
   * read failure (thrown), or, once both are used up and the connection is closed, {@link
   * ConnectionClosedException}; null if none of these is there yet. Counts in {@link #readCount()}
   * and, overlapping another {@code read} or {@code poll}, in {@link #concurrentReads()}.
   */
  @Override
  public Message poll() throws IOException {
    Thread self = enterRead("poll()");
    try {
      lock.lock();
      try {
        return takeHead();
      } finally {
        lock.unlock();
      }
    } finally {
      readersInside.remove(self);
    }
  }

  /**
   * Runs {@code listener} once {@link #poll()} has something to give: at once, on this thread, if
   * it has now; else on the thread that pushes, closes or aborts, after that call released the
   * connection's lock. A second call replaces a listener still waiting, which is then never run.
   * Nothing is taken. What the listener throws reaches the caller of the method that ran it.
   *
   * @throws NullPointerException if {@code listener} is null
   */
  @Override
  public void whenReadable(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    lock.lock();
    try {
      readableListener = listener;
      changed.signalAll(); // for awaitReaderBlocked
    } finally {
      lock.unlock();
    }
    fireIfReadable();
  }

  /**
   * Runs the waiting listener, outside the lock, if {@code poll} has something to give. Called
   * after every change that can make it so; the listener is taken out under the lock, so it runs
   * once, on whichever thread takes it.
   */
  private void fireIfReadable() {
    if (lock.isHeldByCurrentThread()) {
      // Only a bug in this class could get here: the listener must not run under the lock.
      throw new IllegalStateException("a readable listener would run holding the lock; " + this);
    }
    Runnable listener;
    lock.lock();
    try {
      if (readableListener == null || !readable()) {
        return;
      }
      listener = readableListener;
      readableListener = null;
      listenersRun++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    listener.run();
  }

  /** Records a thread entering {@code read} or {@code poll}, and any overlap; returns it. */
  private Thread enterRead(String method) {
    Thread self = Thread.currentThread();
    readCount.incrementAndGet();
    readersInside.add(self);
    if (readersInside.size() > 1) {
      concurrentReads.add(
          self.getName()
              + " entered "
              + method
              + " while "
              + readersInside.stream()
                  .filter(t -> t != self)
                  .map(Thread::getName)
                  .sorted()
                  .collect(Collectors.joining(", "))
              + " was inside");
    }
    return self;
  }

  /**
   * Takes the head of the script as a read does: a message is returned, a read failure thrown, and
   * with both used up a close is thrown; null if the connection is open and nothing is there.
   */
  @GuardedBy("lock")
  private Message takeHead() throws IOException {
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
    return null;
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
    lock.lock(); // one send at a time: frames never interleave
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
    long remaining = Durations.saturatedNanos(Objects.requireNonNull(timeout, "timeout"));
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
      clientClose = status;
      failure = closeFailure;
      closeFailure = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    fireIfReadable();
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
    fireIfReadable();
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

  // ---------------------------------------------------------------- for InMemoryTransport

  /**
   * Marks this connection as scripted or handed out; a connection is handed out once.
   *
   * @throws IllegalStateException if it already was
   */
  void claim() {
    lock.lock();
    try {
      if (claimed) {
        throw new IllegalStateException(
            "this InMemoryConnection is already scripted or handed out; " + state());
      }
      claimed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands this connection out by {@code dial}: gives it the handshake of the dialled URI unless it
   * was built with one, and applies the dial's size limits to what was pushed before.
   */
  void dialled(InMemoryTransport.Dial dial) {
    lock.lock();
    try {
      this.dial = dial;
      if (handshake == null) {
        handshake = Handshake.of(dial.uri(), Map.of(), null);
      }
      for (Iterator<Object> it = inbound.iterator(); it.hasNext(); ) {
        if (tooBig(it.next(), dial.options())) {
          it.remove();
          while (it.hasNext()) {
            it.next();
            it.remove();
          }
          if (closedWith == null) {
            closeForOversize();
          }
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    fireIfReadable();
  }

  /** The client closes with 1009, as a transport does for a message over its limit. */
  @GuardedBy("lock")
  private void closeForOversize() {
    closedWith = CloseStatus.MESSAGE_TOO_BIG;
    clientClose = CloseStatus.MESSAGE_TOO_BIG;
    changed.signalAll();
  }

  private static boolean tooBig(Object item, ConnectOptions options) {
    if (!(item instanceof Message message)) {
      return false;
    }
    return message.isText()
        ? message.text().getBytes(StandardCharsets.UTF_8).length > options.maxTextMessageBytes()
        : message.size() > options.maxBinaryMessageBytes();
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "InMemoryConnection[" + state() + "]";
    } finally {
      lock.unlock();
    }
  }
}
