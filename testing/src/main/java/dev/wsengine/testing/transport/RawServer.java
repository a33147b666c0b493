package dev.wsengine.testing.transport;

import dev.wsengine.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hostile or broken server: a {@link ServerSocket} on 127.0.0.1 whose every accepted connection
 * runs a {@link Script} on its own thread, speaking raw HTTP and WebSocket frames through {@link
 * RawConnection}.
 */
public final class RawServer implements AutoCloseable {
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  /** What the server does with one connection. */
  @FunctionalInterface
  public interface Script {
    void run(RawConnection connection) throws Exception;
  }

  private final ServerSocket listener;
  private final Script script;
  private final Thread acceptor;
  private final List<RawConnection> connections = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final int number = NUMBERS.incrementAndGet();

  public RawServer(Script script) throws IOException {
    Flood.stopLatest();
    this.script = script;
    this.listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "test-raw-" + number + "-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + path);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The connections accepted so far, in order. */
  public List<RawConnection> connections() {
    return new ArrayList<>(connections);
  }

  /** Waits until {@code count} connections were accepted; returns the last of them. */
  public RawConnection awaitConnection(int count, Duration timeout) {
    Await.until(
        () -> connections.size() >= count,
        timeout,
        () -> count + " connections; got " + connections.size());
    return connections.get(count - 1);
  }

  /** What the scripts threw, other than the connection going away under them. */
  public List<Throwable> failures() {
    return new ArrayList<>(failures);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      RawConnection connection;
      try {
        connection = new RawConnection(socket);
      } catch (IOException e) {
        failures.add(e);
        continue;
      }
      connections.add(connection);
      Thread handler =
          new Thread(
              () -> {
                try {
                  script.run(connection);
                } catch (IOException e) {
                  // The client went away, or the test closed the server: the script's business.
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "test-raw-" + number + "-conn-" + connections.size());
      handler.setDaemon(true);
      threads.add(handler);
      handler.start();
    }
  }

  /**
   * Stops listening, closes every connection, interrupts the scripts and waits (up to 10 s each)
   * for their threads to end. Interrupted, it stops waiting and keeps the interrupt.
   */
  @Override
  public void close() throws IOException {
    listener.close();
    for (RawConnection connection : connections) {
      connection.close();
    }
    for (Thread thread : threads) {
      thread.interrupt();
    }
    List<Thread> all = new ArrayList<>(threads);
    all.add(0, acceptor);
    Joins.all(all, Duration.ofSeconds(10));
  }
}
