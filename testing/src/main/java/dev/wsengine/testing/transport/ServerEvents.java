package dev.wsengine.testing.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the test servers saw, for the test to assert on: "open", "header X-Secret=...", "close 4001
 * bye", ... One log for the JVM, cleared by each server's start: tests run one at a time. Also the
 * gate a server's handshake waits at, for the open-timeout tests.
 */
public final class ServerEvents {
  private static final List<String> EVENTS = new ArrayList<>();
  private static volatile CountDownLatch handshakeGate = new CountDownLatch(0);

  private ServerEvents() {}

  /** Forgets what earlier servers saw, and stops an earlier test's flood. */
  public static void clear() {
    Flood.stopLatest();
    synchronized (EVENTS) {
      EVENTS.clear();
    }
    handshakeGate = new CountDownLatch(0);
  }

  public static void record(String event) {
    synchronized (EVENTS) {
      EVENTS.add(event);
      EVENTS.notifyAll();
    }
  }

  public static List<String> events() {
    synchronized (EVENTS) {
      return List.copyOf(EVENTS);
    }
  }

  /** Waits until an event starting with {@code prefix} was recorded; returns the first. */
  public static String await(String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (EVENTS) {
      while (true) {
        for (String event : EVENTS) {
          if (event.startsWith(prefix)) {
            return event;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "the server saw no event starting with '" + prefix + "'; it saw " + EVENTS);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(EVENTS, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Waits until {@code event} was recorded {@code times} times. */
  public static void awaitCount(String event, int times, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (EVENTS) {
      while (EVENTS.stream().filter(event::equals).count() < times) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "the server saw '" + event + "' fewer than " + times + " times: " + EVENTS);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(EVENTS, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Makes the servers' handshakes wait until {@link #openHandshakes()}. */
  public static void holdHandshakes() {
    handshakeGate = new CountDownLatch(1);
  }

  public static void openHandshakes() {
    handshakeGate.countDown();
  }

  /** Called by a server's handshake: waits while handshakes are held (at most a minute). */
  public static void handshakeGate() {
    try {
      if (!handshakeGate.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("a test held the handshakes for a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
