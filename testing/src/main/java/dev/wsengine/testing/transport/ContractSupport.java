package dev.wsengine.testing.transport;

import dev.wsengine.ConnectionClosedException;
import dev.wsengine.Message;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every part of the transport contract suite shares: the transport under test, which the
 * concrete test class provides, and the servers and connections of one test, all closed after it.
 *
 * <p>JUnit makes one instance per test method, so the fields are the test thread's own.
 */
abstract class ContractSupport {
  /** How long a step that should happen at once may take, on a loaded CI machine. */
  protected static final Duration WAIT = Duration.ofSeconds(10);

  private final List<TransportConnection> connections = new ArrayList<>();
  private final List<AutoCloseable> servers = new ArrayList<>();

  ContractSupport() {}

  /**
   * The transport under test with its own keepalive off, so that only the test's pings reach the
   * server. Called once for each test; it may return a shared instance.
   */
  protected abstract Transport transport();

  @BeforeEach
  final void forgetEarlierServers() {
    ServerEvents.clear();
  }

  @AfterEach
  final void closeEverything() throws Exception {
    for (TransportConnection connection : connections) {
      connection.abort();
    }
    Exception failure = null;
    for (AutoCloseable server : servers) {
      try {
        server.close();
      } catch (Exception e) {
        failure = e;
      }
    }
    Flood.stopLatest();
    if (failure != null) {
      throw failure;
    }
  }

  /** Connects with the transport under test; the connection is aborted after the test. */
  protected final TransportConnection connect(URI uri, ConnectOptions options) throws Exception {
    return connect(transport(), uri, options);
  }

  /** Connects with {@code transport}; the connection is aborted after the test. */
  protected final TransportConnection connect(Transport transport, URI uri, ConnectOptions options)
      throws Exception {
    TransportConnection connection = transport.connect(uri, options);
    connections.add(connection);
    return connection;
  }

  /** Starts a server of {@code kind}; it is closed after the test. */
  protected final TestServer start(ServerKind kind) {
    return closedAfterTheTest(kind.start());
  }

  /** Closes {@code server} after the test. */
  protected final <T extends AutoCloseable> T closedAfterTheTest(T server) {
    servers.add(server);
    return server;
  }

  /**
   * Takes the next message the way the engine does, without a thread waiting in {@code read}:
   * {@code poll}, and when it has nothing, {@code whenReadable}, then {@code poll} again once told.
   *
   * @throws ConnectionClosedException as {@code poll} does, once the connection is closed
   * @throws AssertionError if the listener was not called within {@link #WAIT}
   */
  protected static Message pollWhenReadable(TransportConnection connection) throws Exception {
    while (true) {
      Message message = connection.poll();
      if (message != null) {
        return message;
      }
      CountDownLatch told = new CountDownLatch(1);
      connection.whenReadable(told::countDown);
      if (!told.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new AssertionError(
            "whenReadable's listener was not called within " + WAIT + " on " + connection);
      }
    }
  }

  /** Reads until the connection reports its close; returns that exception. */
  protected static ConnectionClosedException readUntilClosed(TransportConnection connection)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        connection.read(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (ConnectionClosedException e) {
        return e;
      }
    }
    throw new AssertionError("the connection did not close within " + WAIT);
  }
}
