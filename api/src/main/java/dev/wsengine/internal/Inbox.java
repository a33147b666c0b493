package dev.wsengine.internal;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between a transport's receiving side, which adds each whole message, and the
 * engine, which takes one message per read. Not API: the Tyrus and JDK transports share it.
 *
 * <p>Back-pressure: at most {@code capacity} messages wait, and while the inbox is full the socket
 * is not read, so the kernel's receive buffer fills and TCP flow control stops the server. A
 * transport keeps the bound in one of two ways, and uses only that one:
 *
 * <ul>
 *   <li>Blocking, where the receiving thread may wait (Tyrus): {@link #put} blocks while {@code
 *       capacity} messages wait. The blocked thread is the Grizzly worker that is processing this
 *       connection's read event, and Grizzly does not read a connection again until that event is
 *       done, so the socket is left unread. {@link #producerParked()} says when.
 *   <li>Flow control, where nothing may block the receiving thread (the JDK's listener): {@link
 *       #offer} never blocks. After each whole message the listener asks the socket for more
 *       ({@code WebSocket.request(1)}) only if {@link #offer} says there is room; otherwise the
 *       inbox remembers that the socket is {@link #starved()}, and the {@link #take(long,
 *       Runnable)} or {@link #poll(Runnable)} that makes room again runs its callback, which
 *       requests.
 * </ul>
 *
 * <p>Taking: blocking with {@link #take}, or without waiting with {@link #poll}, which makes room
 * exactly as {@code take} does; {@link #whenReadable} registers a one-shot listener run when {@code
 * poll} has something to give (a message, or the close), so a consumer need not wait in {@code
 * take}.
 *
 * <p>Closing: {@link #close} records the status reads report once the messages taken in before it
 * are handed out (the server's close frame comes after the messages it sent, so they are not lost);
 * {@link #abort} also drops them. Either releases a producer parked in {@link #put}: its message is
 * dropped, since nobody will read it; a message offered after either is dropped too.
 *
 * <p>Threads: one producer at a time (Tyrus delivers a connection's frames on one thread at a time;
 * the JDK calls a listener sequentially), one consumer at a time (the engine serializes reads), and
 * close/abort and {@link #whenReadable} from any thread. Every field is guarded by {@link #lock};
 * nothing but field updates and waits happens under it (a take's room-made callback and the
 * readable listener run after it is released).
 */
public final class Inbox {
  private static final System.Logger LOG = System.getLogger("dev.wsengine.internal.Inbox");

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when a message arrives or the inbox closes. */
  private final Condition notEmpty = lock.newCondition();

  /** Signalled when a message is taken or the inbox closes: wakes a producer parked in put. */
  private final Condition notFull = lock.newCondition();

  private final int capacity;

  /** Guarded by lock. */
  private final ArrayDeque<Message> queue = new ArrayDeque<>();

  /** The status reads report once the queue is empty; null while open. Guarded by lock. */
  private CloseStatus closedWith;

  /**
   * What made the connection close, if a failure did; the cause of the reads' exception. Guarded by
   * lock.
   */
  private Throwable closeCause;

  /**
   * Whether the producer waits in put for room: the connection is not being read by choice. Guarded
   * by lock.
   */
  private boolean producerParked;

  /**
   * Whether the producer stopped requesting because an offer filled the inbox; the take that makes
   * room clears it. Guarded by lock.
   */
  private boolean starved;

  /** The most messages that ever waited at once (for tests). Guarded by lock. */
  private int highWater;

  /**
   * The listener to run once {@link #poll} has something to give; null if none waits. Guarded by
   * lock; taken out under it and run after it is released, so it runs once.
   */
  private Runnable readableListener;

  /**
   * An open, empty inbox.
   *
   * @throws IllegalArgumentException if {@code capacity} is less than 1
   */
  public Inbox(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1; got " + capacity);
    }
    this.capacity = capacity;
  }

  /** The outcome of {@link #offer}. */
  public enum Offer {
    /** Added, and there is room for more: request the next message. */
    ADDED_ROOM_LEFT,
    /** Added and now full: do not request; the take that makes room will. */
    ADDED_FULL,
    /** Closed: the message was dropped. Keep reading to reach the close frame. */
    CLOSED
  }

  /**
   * Hands a message to the engine, waiting while the inbox is full: the blocking way. Called by the
   * transport's receiving thread, which keeps its interrupt status: the wait is not interruptible.
   * A waiting readable listener runs on this thread once the message is in.
   *
   * @return false if the inbox closed first and the message was dropped
   */
  public boolean put(Message message) {
    Runnable readable;
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
      add(message);
      readable = takeListener();
    } finally {
      lock.unlock();
    }
    fire(readable);
    return true;
  }

  /**
   * Adds a whole message without ever blocking: the flow-control way. The caller requested it, so
   * there is room for it; the outcome says whether to request the next one. A waiting readable
   * listener runs on this thread once the message is in, before this returns.
   */
  public Offer offer(Message message) {
    Offer outcome;
    Runnable readable;
    lock.lock();
    try {
      if (closedWith != null) {
        return Offer.CLOSED;
      }
      add(message);
      if (queue.size() < capacity) {
        outcome = Offer.ADDED_ROOM_LEFT;
      } else {
        starved = true;
        outcome = Offer.ADDED_FULL;
      }
      readable = takeListener();
    } finally {
      lock.unlock();
    }
    fire(readable);
    return outcome;
  }

  /**
   * Takes the waiting readable listener out, to run once the lock is released; null if none waits.
   * Holds lock; called only when {@link #poll} has something to give.
   */
  private Runnable takeListener() {
    Runnable listener = readableListener;
    readableListener = null;
    return listener;
  }

  /**
   * Runs a listener taken out by {@link #takeListener}, not holding the lock. What it throws is
   * logged, not passed on: the thread here is the producer's or a closer's, which must go on.
   */
  private void fire(Runnable listener) {
    if (listener == null) {
      return;
    }
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a readable listener of " + this + " failed", e);
    }
  }

  /** Holds lock. */
  private void add(Message message) {
    queue.addLast(message);
    highWater = Math.max(highWater, queue.size());
    notEmpty.signal();
  }

  /**
   * Takes the next message, for an inbox filled by {@link #put}: {@link #take(long, Runnable)} with
   * nothing to run.
   */
  public Message take(long timeoutNanos) throws InterruptedException, ConnectionClosedException {
    return take(timeoutNanos, null);
  }

  /**
   * Takes the next message. An interrupt while waiting throws before anything is taken, so the next
   * call gets the message this one would have returned (and makes the room this one would have).
   *
   * @param timeoutNanos how long to wait; negative to wait until a message arrives or the inbox
   *     closes
   * @param roomMade run (outside the lock) when this take made room in an inbox that an {@link
   *     #offer} filled: the caller then requests the next message from the socket. May be null
   *     where nothing offers.
   * @return the message, or null if the timeout elapsed first
   * @throws ConnectionClosedException once the inbox is closed and empty
   * @throws IllegalStateException if {@code roomMade} is null but an offer filled the inbox
   */
  public Message take(long timeoutNanos, Runnable roomMade)
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
      request = makesRoom(roomMade);
      message = queue.pollFirst();
      notFull.signal();
    } finally {
      lock.unlock();
    }
    if (request) {
      roomMade.run();
    }
    return message;
  }

  /**
   * Takes the next message if one is there, without waiting: {@link #poll(Runnable)} for an inbox
   * filled by {@link #put} (taking makes room for a parked producer, which it wakes).
   */
  public Message poll() throws ConnectionClosedException {
    return poll(null);
  }

  /**
   * Takes the next message if one is there, without waiting; makes room as {@link #take(long,
   * Runnable)} does, running {@code roomMade} (outside the lock) when it made room in an inbox that
   * an {@link #offer} filled, and waking a producer parked in {@link #put}.
   *
   * @param roomMade as for {@code take}; may be null where nothing offers
   * @return the message, or null if none waits and the inbox is open
   * @throws ConnectionClosedException once the inbox is closed and empty
   * @throws IllegalStateException if {@code roomMade} is null but an offer filled the inbox
   */
  public Message poll(Runnable roomMade) throws ConnectionClosedException {
    Message message;
    boolean request;
    lock.lock();
    try {
      if (queue.isEmpty()) {
        if (closedWith != null) {
          throw new ConnectionClosedException(closedWith, closeCause);
        }
        return null;
      }
      request = makesRoom(roomMade);
      message = queue.pollFirst();
      notFull.signal();
    } finally {
      lock.unlock();
    }
    if (request) {
      roomMade.run();
    }
    return message;
  }

  /**
   * Whether taking the head now makes room an offer waits for, so {@code roomMade} must run; clears
   * {@link #starved}. Holds lock; the queue is not empty.
   *
   * @throws IllegalStateException if so but {@code roomMade} is null; checked before taking, so the
   *     misuse loses no message
   */
  private boolean makesRoom(Runnable roomMade) {
    if (!starved || closedWith != null) {
      return false;
    }
    if (roomMade == null) {
      throw new IllegalStateException(
          "an offer filled the inbox: take with a roomMade callback to request the next");
    }
    starved = false;
    return true;
  }

  /**
   * Runs {@code listener} once, as soon as {@link #poll} has something to give: a message, or the
   * close. If it has now, runs it at once on the calling thread, before returning (what it throws
   * is passed on); otherwise on the thread that adds the next message ({@link #put}, {@link
   * #offer}) or closes or aborts the inbox, after releasing the lock (what it throws is logged
   * there). Takes nothing. A listener still waiting is replaced, and never run. Any thread.
   */
  public void whenReadable(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    lock.lock();
    try {
      if (queue.isEmpty() && closedWith == null) {
        readableListener = listener;
        return;
      }
      readableListener = null; // replaced: only the new one runs
    } finally {
      lock.unlock();
    }
    listener.run();
  }

  /** Whether a readable listener waits (for tests). */
  public boolean listenerWaiting() {
    lock.lock();
    try {
      return readableListener != null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the inbox with {@code status}, unless it is closed already (the first status stays).
   * Messages already queued are still handed out; a parked producer is released; a waiting readable
   * listener runs on this thread before this returns.
   *
   * @param cause what made the connection close, if a failure did; null otherwise
   * @return whether this call closed it
   */
  public boolean close(CloseStatus status, Throwable cause) {
    Runnable readable;
    lock.lock();
    try {
      if (closedWith != null) {
        return false;
      }
      closedWith = status;
      closeCause = cause;
      notEmpty.signalAll();
      notFull.signalAll();
      readable = takeListener();
    } finally {
      lock.unlock();
    }
    fire(readable);
    return true;
  }

  /**
   * Closes like {@link #close} and drops the queued messages: nobody will read them. A waiting
   * readable listener runs on this thread before this returns.
   */
  public void abort(CloseStatus status) {
    Runnable readable;
    lock.lock();
    try {
      if (closedWith == null) {
        closedWith = status;
      }
      queue.clear();
      notEmpty.signalAll();
      notFull.signalAll();
      readable = takeListener();
    } finally {
      lock.unlock();
    }
    fire(readable);
  }

  /** The status the inbox closed with, or null while open. */
  public CloseStatus closedWith() {
    lock.lock();
    try {
      return closedWith;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the producer waits in {@link #put} for room right now: the connection is full, not
   * silent. Stays true after a close until the released producer has run again.
   */
  public boolean producerParked() {
    lock.lock();
    try {
      return producerParked;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the socket is left unread because an {@link #offer} filled the inbox and no take has
   * made room since; false once closed.
   */
  public boolean starved() {
    lock.lock();
    try {
      return starved && closedWith == null;
    } finally {
      lock.unlock();
    }
  }

  /** How many messages wait to be read. */
  public int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** The most messages that ever waited at once. */
  public int highWater() {
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
