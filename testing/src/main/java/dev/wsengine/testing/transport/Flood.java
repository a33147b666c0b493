package dev.wsengine.testing.transport;

import dev.wsengine.testing.Await;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server sending as fast as the connection takes it, on its own thread, with blocking sends: so
 * the sender's progress shows where TCP stopped it. Messages of {@link #messages} carry their
 * sequence number in their first 8 bytes.
 */
public final class Flood {
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  /** The flood a test server started last. */
  public static volatile Flood latest;

  public final AtomicLong messagesSent = new AtomicLong();
  public final AtomicLong bytesSent = new AtomicLong();
  private volatile long lastProgressNanos = System.nanoTime();
  private volatile boolean done;
  private volatile Throwable failure;
  private final Thread thread;

  private interface Body {
    void run(Flood flood) throws Exception;
  }

  private Flood(Body body) {
    thread =
        new Thread(
            () -> {
              try {
                body.run(this);
              } catch (Throwable e) {
                failure = e;
              } finally {
                done = true;
              }
            },
            "test-flood-" + NUMBERS.incrementAndGet());
    thread.setDaemon(true);
  }

  /** {@code count} binary messages of {@code size} bytes (at least 8), numbered from 0. */
  public static Flood messages(Peer peer, int count, int size) {
    return start(
        new Flood(
            flood -> {
              for (long i = 0; i < count; i++) {
                ByteBuffer message = ByteBuffer.allocate(size).putLong(0, i);
                peer.sendBinary(message);
                flood.progress(size);
                flood.messagesSent.incrementAndGet();
              }
            }));
  }

  /** One binary message of {@code total} bytes, sent in fragments of 64 KiB. */
  public static Flood oneMessage(Peer peer, long total) {
    int part = 64 * 1024;
    return start(
        new Flood(
            flood -> {
              byte[] chunk = new byte[part];
              for (long sent = 0; sent < total; sent += part) {
                boolean last = sent + part >= total;
                peer.sendBinaryPart(ByteBuffer.wrap(chunk), last);
                flood.progress(part);
              }
              flood.messagesSent.incrementAndGet();
            }));
  }

  private static Flood start(Flood flood) {
    latest = flood;
    flood.thread.start();
    return flood;
  }

  void progress(long bytes) {
    bytesSent.addAndGet(bytes);
    lastProgressNanos = System.nanoTime();
  }

  public boolean done() {
    return done;
  }

  public Throwable failure() {
    return failure;
  }

  /**
   * Returns once the sender has been stuck for {@code stall}: its current send has not returned for
   * that long, so the connection is taking nothing more.
   */
  public void awaitStalled(Duration stall, Duration timeout) {
    Await.until(
        () -> !done && System.nanoTime() - lastProgressNanos >= stall.toNanos(),
        timeout,
        () ->
            "the flood to stall for "
                + stall
                + "; sent "
                + bytesSent
                + " bytes, done="
                + done
                + ", failure="
                + failure);
  }

  public void awaitDone(Duration timeout) {
    Await.until(() -> done, timeout, () -> "the flood to end; sent " + bytesSent + " bytes");
  }

  /** Ends the sender if it still runs (it is blocked in a send the test abandons). */
  public void stop() throws InterruptedException {
    thread.interrupt();
    thread.join(Duration.ofSeconds(10).toMillis());
  }

  /**
   * Stops the latest flood and forgets it, so that a test never waits on a flood an earlier test
   * started. Every test server calls it when it starts.
   */
  public static void stopLatest() {
    Flood flood = latest;
    latest = null;
    if (flood != null) {
      try {
        flood.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
