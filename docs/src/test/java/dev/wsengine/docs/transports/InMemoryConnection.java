package dev.wsengine.docs.transports;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Handshake;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

// snippet:connection
/**
 * One in-memory connection. The test plays the server: {@link #push} sends to the client,
 * {@link #nextSent} takes what the client sent, {@link #serverClose} closes.
 */
public final class InMemoryConnection implements TransportConnection {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Handshake handshake;
  private final ConnectOptions options;
  /** Messages the engine has not read yet; guarded by lock, at most bufferedMessages. */
  private final Deque<Message> inbox = new ArrayDeque<>();
  /** How the connection closed; guarded by lock, null while open. */
  private CloseStatus closedWith;
  private final BlockingQueue<Message> sent = new LinkedBlockingQueue<>();

  InMemoryConnection(Handshake handshake, ConnectOptions options) {
    this.handshake = handshake;
    this.options = options;
  }

  // ------------------------------------------------------------------ the server's side

  /** The server sends {@code message}; waits while the buffer is full (back-pressure). */
  public void push(Message message) throws InterruptedException {
    lock.lock();
    try {
      if (tooBig(message)) {
        closeWith(CloseStatus.MESSAGE_TOO_BIG);   // never buffered
        return;
      }
      while (closedWith == null && inbox.size() >= options.bufferedMessages()) {
        changed.await();
      }
      if (closedWith == null) {
        inbox.addLast(message);
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The server's close frame: reads throw once the messages before it are taken. */
  public void serverClose(CloseStatus status) {
    lock.lock();
    try {
      closeWith(status);
    } finally {
      lock.unlock();
    }
  }

  /** The next message the client sent, or null if none within {@code timeout}. */
  public Message nextSent(Duration timeout) throws InterruptedException {
    return sent.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  // ------------------------------------------------------------------ the engine's side

  @Override
  public Handshake handshake() {
    return handshake;
  }

  @Override
  public Message read() throws ConnectionClosedException, InterruptedException {
    return take(-1);
  }

  @Override
  public Message read(Duration timeout) throws ConnectionClosedException, InterruptedException {
    return take(Math.max(0, timeout.toNanos()));
  }

  /** Waits for a message; an interrupt while waiting takes nothing, so nothing is lost. */
  private Message take(long timeoutNanos) throws ConnectionClosedException, InterruptedException {
    lock.lockInterruptibly();
    try {
      long left = timeoutNanos;
      while (inbox.isEmpty()) {
        if (closedWith != null) {
          throw new ConnectionClosedException(closedWith);
        }
        if (timeoutNanos < 0) {
          changed.await();
        } else if (left <= 0) {
          return null;
        } else {
          left = changed.awaitNanos(left);
        }
      }
      Message next = inbox.removeFirst();
      changed.signalAll();                        // room for the server
      return next;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sendText(String text) throws ConnectionClosedException {
    send(Message.text(text));
  }

  @Override
  public void sendBinary(ByteBuffer data) throws ConnectionClosedException {
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);                  // the caller's position stays
    send(Message.binary(bytes));
  }

  private void send(Message message) throws ConnectionClosedException {
    lock.lock();                                  // one send at a time: frames never interleave
    try {
      if (closedWith != null) {
        throw new ConnectionClosedException(closedWith);
      }
      sent.add(message);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Duration ping(Duration timeout) throws ConnectionClosedException {
    lock.lock();
    try {
      if (closedWith != null) {
        throw new ConnectionClosedException(closedWith);
      }
      return Duration.ZERO;                       // the pong is immediate in memory
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close(CloseStatus status) {
    lock.lock();
    try {
      closeWith(status);                          // the server echoes our close frame
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void abort() {
    lock.lock();
    try {
      inbox.clear();
      closeWith(CloseStatus.ABNORMAL_CLOSURE);
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

  /** The first close wins; wakes blocked reads and pushes. Caller holds lock. */
  private void closeWith(CloseStatus status) {
    if (closedWith == null) {
      closedWith = status;
      changed.signalAll();
    }
  }

  private boolean tooBig(Message message) {
    return message.isText()
        ? message.text().getBytes(StandardCharsets.UTF_8).length > options.maxTextMessageBytes()
        : message.binary().remaining() > options.maxBinaryMessageBytes();
  }
}
// end-snippet
