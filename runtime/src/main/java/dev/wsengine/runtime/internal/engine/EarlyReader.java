package dev.wsengine.runtime.internal.engine;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.spi.TransportConnection;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's transport connection, as the session sees it when the engine has a correlation: it
 * reads replies to requests made before the session's readers start (in {@code @OnOpen}), so that
 * {@code @OnOpen} may wait for them ({@code docs/requests.md}).
 *
 * <p>While a request made before the readers started is pending, this reads the transport itself (a
 * task, {@code reader-early}, woken by {@code whenReadable}): a reply completes its request; any
 * other message, and a failed read, is kept, in arrival order. The readers, once they start, get
 * the kept messages first, then the transport's: nothing is lost or reordered. At most {@link
 * #MAX_KEPT} messages are kept; past that it stops reading (the transport, then TCP, hold the
 * rest), and a reply behind them times out.
 *
 * <p>The readers take over at their first call ({@link #poll}, {@link #whenReadable}, {@link #read}
 * through this decorator): from then on this never reads on its own again, and once the kept
 * messages are handed out every call goes straight to the transport without a lock.
 *
 * <p>Threads and lock: {@link #lock} guards the kept messages and who reads; the early reads
 * ({@code poll}, the correlation's {@code replyId}) happen under it, so that a message is kept
 * before the readers can take the next one, and the readers' takeover waits for a read in progress.
 * It is never held while completing a request (user code runs on its future) or blocking; it is
 * taken before {@link PendingRequests}' lock, never after.
 */
final class EarlyReader implements TransportConnection {
  /** How many messages may be kept for the readers; past that, early reading stops. */
  static final int MAX_KEPT = 1024;

  private final TransportConnection transport;
  private final PendingRequests requests;
  private final EngineExecutor executor;

  /** Whether matched replies also go to {@code @OnMessage}, so are kept for the readers too. */
  private final boolean alsoToOnMessage;

  private final ReentrantLock lock = new ReentrantLock();

  /** Messages (and failed reads, as {@link IOException}) kept for the readers, in order. */
  @GuardedBy("lock")
  private final ArrayDeque<Object> kept = new ArrayDeque<>();

  /** The readers have taken over: no early read any more. */
  @GuardedBy("lock")
  private boolean readersStarted;

  /** An early read is asked for (a {@code whenReadable} waits) or runs. */
  @GuardedBy("lock")
  private boolean armed;

  /** The readers took over and nothing is kept: every call goes to the transport as it is. */
  private volatile boolean passThrough;

  private final Runnable readable = this::readable;

  EarlyReader(
      TransportConnection transport,
      PendingRequests requests,
      EngineExecutor executor,
      boolean alsoToOnMessage) {
    this.transport = transport;
    this.alsoToOnMessage = alsoToOnMessage;
    this.requests = requests;
    this.executor = executor;
  }

  /** The transport connection underneath. */
  TransportConnection transport() {
    return transport;
  }

  /**
   * A request was registered: reads early for its reply if the readers have not started. Any
   * thread; never blocks.
   */
  void demand() {
    if (passThrough) {
      return;
    }
    lock.lock();
    try {
      if (readersStarted || armed || kept.size() >= MAX_KEPT) {
        return;
      }
      armed = true;
      // Under the lock, so that the readers' own whenReadable, which replaces this one, comes
      // after it. The listener only hands a task to the executor.
      transport.whenReadable(readable);
    } finally {
      lock.unlock();
    }
  }

  /** The transport has something: read it on an engine thread (this may be the I/O thread). */
  private void readable() {
    try {
      executor.execute("reader-early", this::drain);
    } catch (RuntimeException refused) {
      lock.lock();
      try {
        armed = false;
      } finally {
        lock.unlock();
      }
      requests.closeAll(
          "no thread to read its replies on (" + refused + ")", CloseStatus.GOING_AWAY);
    }
  }

  /** Reads what has arrived: replies complete their requests, the rest is kept. */
  private void drain() {
    List<PendingRequests.Pending> matched = new ArrayList<>();
    List<Message> replies = new ArrayList<>();
    ConnectionClosedException closed = null;
    lock.lock();
    try {
      while (true) {
        if (readersStarted || kept.size() >= MAX_KEPT || !requests.hasPending()) {
          armed = false;
          break;
        }
        Message message;
        try {
          message = transport.poll();
        } catch (ConnectionClosedException e) {
          armed = false;
          closed = e; // the readers get it again from the transport, after what was kept
          break;
        } catch (IOException e) {
          kept.add(e);
          continue;
        }
        if (message == null) {
          transport.whenReadable(readable); // still armed
          break;
        }
        PendingRequests.Pending reply = requests.claim(message);
        if (reply == null || alsoToOnMessage) {
          kept.add(message); // with alsoToOnMessage a reply is kept too; it matches nothing then
        }
        if (reply != null) {
          matched.add(reply);
          replies.add(message);
        }
      }
    } finally {
      lock.unlock();
    }
    for (int i = 0; i < matched.size(); i++) {
      requests.complete(matched.get(i), replies.get(i), Span.getInvalid());
    }
    if (closed != null) {
      requests.closeAll("its connection closed", closed.status());
    }
  }

  /**
   * The readers take over: the first kept message, or null when none is left (then every later call
   * goes to the transport).
   */
  private Object takeOver() {
    lock.lock();
    try {
      readersStarted = true;
      Object next = kept.poll();
      if (kept.isEmpty()) {
        passThrough = true;
      }
      return next;
    } finally {
      lock.unlock();
    }
  }

  private static Message handOut(Object kept) throws IOException {
    if (kept instanceof IOException failed) {
      throw failed;
    }
    return (Message) kept;
  }

  @Override
  public Message poll() throws IOException {
    if (passThrough) {
      return transport.poll();
    }
    lock.lock();
    try {
      Object next = takeOver();
      // Under the lock still: an early read in progress finished first, so no message overtakes.
      return next != null ? handOut(next) : transport.poll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void whenReadable(Runnable listener) {
    if (passThrough) {
      transport.whenReadable(listener);
      return;
    }
    boolean now;
    lock.lock();
    try {
      readersStarted = true;
      now = !kept.isEmpty();
      if (!now) {
        passThrough = true;
        transport.whenReadable(listener); // replaces the early reader's, if one waits
      }
    } finally {
      lock.unlock();
    }
    if (now) {
      listener.run(); // poll() has a kept message to give
    }
  }

  @Override
  public Message read() throws IOException, InterruptedException {
    Object next = passThrough ? null : takeOver();
    return next != null ? handOut(next) : transport.read();
  }

  @Override
  public Message read(Duration timeout) throws IOException, InterruptedException {
    Object next = passThrough ? null : takeOver();
    return next != null ? handOut(next) : transport.read(timeout);
  }

  @Override
  public Handshake handshake() {
    return transport.handshake();
  }

  @Override
  public void sendText(String text) throws IOException {
    transport.sendText(text);
  }

  @Override
  public void sendBinary(ByteBuffer data) throws IOException {
    transport.sendBinary(data);
  }

  @Override
  public Duration ping(Duration timeout)
      throws IOException, InterruptedException, TimeoutException {
    return transport.ping(timeout);
  }

  @Override
  public void close(CloseStatus status) throws IOException {
    transport.close(status);
  }

  @Override
  public void abort() {
    transport.abort();
  }

  @Override
  public boolean isOpen() {
    return transport.isOpen();
  }

  @Override
  public String toString() {
    return "EarlyReader[" + transport + "]";
  }
}
