package dev.wsengine.jdk.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between the JDK's listener, which adds each whole message, and the engine,
 * which takes one message per read. Nothing ever blocks the JDK's thread: the bound is kept by flow
 * control instead. After each whole message the listener asks for more from the socket ({@code
 * WebSocket.request(1)}) only if {@link #offer} says there is room; otherwise the inbox remembers
 * that the socket is {@link #starved()}, and the {@link #take} that makes room again says so, and
 * its caller requests. So at most {@code capacity} messages wait, and while the inbox is full the
 * socket is not read: the kernel's buffer fills and TCP stops the server.
 *
 * <p>Closing: {@link #close} records the status reads report once the messages before it are taken;
 * {@link #abort} also drops them.
 *
 * <p>Threads: one producer at a time (the JDK calls a listener sequentially), one consumer at a
 * time (the engine serializes reads), close and abort from any thread. Every field is guarded by
 * {@link #lock}.
 */
final class Inbox {
  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when a message arrives or the inbox closes. */
  private final Condition notEmpty = lock.newCondition();

  private final int capacity;

  @GuardedBy("lock")
  private final ArrayDeque<Message> queue = new ArrayDeque<>();

  @GuardedBy("lock")
  private CloseStatus closedWith;

  @GuardedBy("lock")
  private Throwable closeCause;

  /** Whether the listener stopped requesting because the inbox was full. */
  @GuardedBy("lock")
  private boolean starved;

  /** The most messages that ever waited at once (for tests). */
  @GuardedBy("lock")
  private int highWater;

  Inbox(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1; got " + capacity);
    }
    this.capacity = capacity;
  }

  /** The outcome of {@link #offer}. */
  enum Offer {
    /** Added, and there is room for more: request the next message. */
    ADDED_ROOM_LEFT,
    /** Added and now full: do not request; the take that makes room will. */
    ADDED_FULL,
    /** Closed: the message was dropped. Keep reading to reach the close frame. */
    CLOSED
  }

  /** Adds a whole message. Never blocks: the caller requested it, so there is room for it. */
  Offer offer(Message message) {
    lock.lock();
    try {
      if (closedWith != null) {
        return Offer.CLOSED;
      }
      queue.addLast(message);
      highWater = Math.max(highWater, queue.size());
      notEmpty.signal();
      if (queue.size() < capacity) {
        return Offer.ADDED_ROOM_LEFT;
      }
      starved = true;
      return Offer.ADDED_FULL;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next message. An interrupt while waiting throws before anything is taken, so the next
   * call gets the message this one would have returned.
   *
   * @param timeoutNanos how long to wait; negative to wait until a message arrives or it closes
   * @param roomMade run (outside the lock) when this take made room in a full inbox: the caller
   *     then requests the next message from the socket
   * @return the message, or null if the timeout elapsed first
   */
  Message take(long timeoutNanos, Runnable roomMade)
      throws InterruptedException, ConnectionClosedException {
    Message message;
    boolean request = false;
    lock.lockInterruptibly();
    try {
      long left = timeoutNanos;
      while (queue.isEmpty()) {
        if (closedWith != null) {
          throw new ConnectionClosedException(closedWith, closeCause);
        }
        if (timeoutNanos < 0) {
          notEmpty.await();
        } else if (left <= 0) {
          return null;
        } else {
          left = notEmpty.awaitNanos(left);
        }
      }
      message = queue.pollFirst();
      if (starved && closedWith == null) {
        starved = false;
        request = true;
      }
    } finally {
      lock.unlock();
    }
    if (request) {
      roomMade.run();
    }
    return message;
  }

  /**
   * Closes with {@code status} unless closed already (the first status stays); queued messages are
   * still handed out.
   *
   * @return whether this call closed it
   */
  boolean close(CloseStatus status, Throwable cause) {
    lock.lock();
    try {
      if (closedWith != null) {
        return false;
      }
      closedWith = status;
      closeCause = cause;
      notEmpty.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Closes like {@link #close} and drops the queued messages: nobody will read them. */
  void abort(CloseStatus status) {
    lock.lock();
    try {
      if (closedWith == null) {
        closedWith = status;
      }
      queue.clear();
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The status it closed with, or null while open. */
  CloseStatus closedWith() {
    lock.lock();
    try {
      return closedWith;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the socket is left unread because the inbox is full. */
  boolean starved() {
    lock.lock();
    try {
      return starved && closedWith == null;
    } finally {
      lock.unlock();
    }
  }

  /** The most messages that ever waited at once. */
  int highWater() {
    lock.lock();
    try {
      return highWater;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Inbox["
          + queue.size()
          + "/"
          + capacity
          + (closedWith == null ? "" : ", closed " + closedWith)
          + "]";
    } finally {
      lock.unlock();
    }
  }
}
