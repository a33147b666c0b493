package dev.wsengine.tyrus;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between Tyrus, which pushes each whole message from its container thread,
 * and the engine, which pulls one message per read.
 *
 * <p>Back-pressure: {@link #put} blocks while {@code capacity} messages wait. The blocked thread is
 * the Grizzly worker that is processing this connection's read event, and Grizzly does not read a
 * connection again until that event is done, so the socket is left unread, the kernel's receive
 * buffer fills, and TCP flow control stops the server.
 *
 * <p>Closing: {@link #close} records the status reads report once the messages taken before it are
 * handed out (the server's close frame comes after the messages it sent, so they are not lost);
 * {@link #abort} also drops them. Either releases a producer parked in {@code put}: its message is
 * dropped, since nobody will read it.
 *
 * <p>Threads: one producer at a time (Tyrus delivers a connection's frames on one thread at a
 * time), one consumer at a time (the engine serializes reads), and close/abort from any thread.
 * Every field is guarded by {@link #lock}; nothing but field updates and waits happens under it.
 */
final class Inbox {
  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when a message arrives or the inbox closes. */
  private final Condition notEmpty = lock.newCondition();

  /** Signalled when a message is taken or the inbox closes. */
  private final Condition notFull = lock.newCondition();

  private final int capacity;

  @GuardedBy("lock")
  private final ArrayDeque<Message> queue = new ArrayDeque<>();

  /** The status reads report once the queue is empty; null while open. */
  @GuardedBy("lock")
  private CloseStatus closedWith;

  /** What made the connection close, if a failure did; the cause of the reads' exception. */
  @GuardedBy("lock")
  private Throwable closeCause;

  /** Whether the producer is waiting for room: the connection is not being read by choice. */
  @GuardedBy("lock")
  private boolean producerParked;

  Inbox(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1; got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Hands a message to the engine, waiting while the inbox is full. Called by Tyrus's thread.
   *
   * @return false if the inbox closed first and the message was dropped
   */
  boolean put(Message message) {
    lock.lock();
    try {
      while (closedWith == null && queue.size() >= capacity) {
        producerParked = true;
        try {
          // Uninterruptibly: Grizzly interrupts its workers only when tearing the transport down,
          // and then close() releases us anyway. The interrupt status is kept for Grizzly.
          notFull.awaitUninterruptibly();
        } finally {
          producerParked = false;
        }
      }
      if (closedWith != null) {
        return false;
      }
      queue.addLast(message);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the next message. An interrupt while waiting throws before anything is taken, so the next
   * call gets the message this one would have returned.
   *
   * @param timeoutNanos how long to wait; negative to wait until a message arrives or the inbox
   *     closes
   * @return the message, or null if the timeout elapsed first
   * @throws ConnectionClosedException once the inbox is closed and empty
   */
  Message take(long timeoutNanos) throws InterruptedException, ConnectionClosedException {
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
      Message message = queue.pollFirst();
      notFull.signal();
      return message;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the inbox with {@code status}, unless it is closed already (the first status stays).
   * Messages already queued are still handed out; a parked producer is released.
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
      notFull.signalAll();
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
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The status the inbox closed with, or null while open. */
  CloseStatus closedWith() {
    lock.lock();
    try {
      return closedWith;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the producer waits for room right now: the connection is full, not silent. */
  boolean producerParked() {
    lock.lock();
    try {
      return producerParked;
    } finally {
      lock.unlock();
    }
  }

  /** How many messages wait to be read. */
  int size() {
    lock.lock();
    try {
      return queue.size();
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
