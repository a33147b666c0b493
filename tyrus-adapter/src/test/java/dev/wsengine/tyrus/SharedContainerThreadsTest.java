package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.wsengine.tyrus.testing.Engines.WAIT;

import dev.wsengine.CloseStatus;
import dev.wsengine.Message;
import dev.wsengine.internal.Inbox;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many connections through one shared-container transport: the client's threads (Grizzly's, Tyrus's
 * and the transport's) do not grow with the number of connections and all end once the connections
 * have closed and the container's idle timeout has passed; and a connection whose hand-off is full,
 * which holds one Grizzly worker, does not stall the other connections of the container.
 */
class SharedContainerThreadsTest {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private static final Duration IDLE = Duration.ofSeconds(1);

  /**
   * Threads beyond those of 5 connections that 50 or 70 may show: Grizzly's shared worker pool
   * starts a worker when a read event finds none idle, and a connect may find the previous
   * connect's thread not yet back (each is short-lived). One thread per connection would be 45
   * more.
   */
  private static final int SLACK = 4;

  private final List<TransportConnection> connections = new ArrayList<>();
  private TestServer server;

  @AfterEach
  void tearDown() {
    for (TransportConnection connection : connections) {
      connection.abort();
    }
    if (server != null) {
      server.close();
    }
  }

  private static TyrusTransport shared() {
    return TyrusTransport.builder().sharedContainer(true).sharedContainerIdleTimeout(IDLE).build();
  }

  private static List<String> clientThreads() {
    return ThreadCounts.names(TyrusThreads.CLIENT_THREAD);
  }

  private static List<String> nonGrizzly(List<String> threads) {
    return threads.stream().filter(n -> !n.startsWith("Grizzly(")).sorted().toList();
  }

  /** Connects and proves the connection works with one echo. */
  private TransportConnection echoing(TyrusTransport transport, ConnectOptions options, String text)
      throws Exception {
    TransportConnection connection = transport.connect(server.uri("/echo"), options);
    synchronized (connections) {
      connections.add(connection);
    }
    connection.sendText(text);
    assertThat(connection.read(WAIT).text()).isEqualTo(text);
    return connection;
  }

  @Test
  void threadsDoNotGrowWithTheConnectionsAndAllEndAfterTheIdleTimeout() throws Exception {
    server = ServerKind.TYRUS.start();
    TyrusTransport transport = shared();
    ConnectOptions options = ConnectOptions.defaults();

    for (int i = 0; i < 5; i++) {
      echoing(transport, options, "one by one " + i);
    }
    List<String> ofFive = clientThreads();
    for (int i = 5; i < 50; i++) {
      echoing(transport, options, "one by one " + i);
    }
    List<String> ofFifty = clientThreads();
    System.out.printf(
        "client threads: %d with 5 connections %s, %d with 50 %s%n",
        ofFive.size(), ofFive, ofFifty.size(), ofFifty);
    assertWithMessage("threads with 50 connections, beside those with 5 %s", ofFive)
        .that(ofFifty.size())
        .isAtMost(ofFive.size() + SLACK);

    // 20 more at once: each connect waits for its handshake on a thread of its own, which ends
    // soon after; none stays with its connection.
    ExecutorService dialers =
        Executors.newFixedThreadPool(20, task -> new Thread(task, "test-dialer"));
    try {
      List<Future<TransportConnection>> dialing = new ArrayList<>();
      for (int i = 50; i < 70; i++) {
        String text = "at once " + i;
        dialing.add(dialers.submit(() -> echoing(transport, options, text)));
      }
      for (Future<TransportConnection> d : dialing) {
        d.get();
      }
    } finally {
      dialers.shutdownNow();
    }
    assertThat(connections).hasSize(70);
    // Left then: the keepalive timer and Grizzly's shared threads; its worker pool may have grown
    // for the burst (a worker per concurrent read event), and shrinks after 30 s idle.
    Await.until(
        () -> {
          List<String> others = nonGrizzly(clientThreads());
          return others.size() == 1 && others.get(0).startsWith("wsengine-tyrus-keepalive-");
        },
        WAIT,
        () -> "only the keepalive timer beside Grizzly's threads; " + clientThreads());
    System.out.printf("client threads with 70 connections: %s%n", clientThreads());
    for (TransportConnection connection : connections) {
      assertThat(connection.isOpen()).isTrue();
    }

    for (TransportConnection connection : connections) {
      connection.close(CloseStatus.NORMAL);
    }
    // The keepalive timer goes with the last connection, the connect threads when idle, the shared
    // container after IDLE (Tyrus's own idle-timeout timer stays: docs/tyrus.md).
    TyrusThreads.awaitNoClientThreads(WAIT);
  }

  /**
   * Grizzly workers in the transport's hand-off: one parked per connection whose hand-off is full,
   * and for a moment any worker handing a message over.
   */
  private static int workersParkedInTheHandOff() {
    int parked = 0;
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      if (!thread.getKey().getName().startsWith("Grizzly(")) {
        continue;
      }
      for (StackTraceElement frame : thread.getValue()) {
        if (frame.getClassName().equals(Inbox.class.getName())
            && frame.getMethodName().equals("put")) {
          parked++;
          break;
        }
      }
    }
    return parked;
  }

  @Test
  void connectionsWithAFullHandOffHoldOneWorkerEachAndDoNotStallTheOthers() throws Exception {
    server = ServerKind.TYRUS.start();
    TyrusTransport transport = shared();
    ConnectOptions small = ConnectOptions.builder().bufferedMessages(2).build();
    TransportConnection quiet = echoing(transport, ConnectOptions.defaults(), "before");

    // More stuck connections than Grizzly's worker pool has core threads (5, or one per core):
    // each holds a worker parked in its full hand-off; the pool grows past them.
    int stuck = Math.max(5, Runtime.getRuntime().availableProcessors()) + 2;
    for (int i = 0; i < stuck; i++) {
      TransportConnection flooded = echoing(transport, small, "flood me " + i);
      flooded.sendText("cmd:flood 4096 65536"); // 256 MiB; never read
    }
    Await.until(
        () -> workersParkedInTheHandOff() == stuck,
        WAIT,
        () -> "a parked worker per flooded connection; got " + workersParkedInTheHandOff());

    // The connection that was there before the floods still gets every message, at once.
    for (int i = 0; i < 20; i++) {
      quiet.sendText("during " + i);
      Message echo = quiet.read(WAIT);
      assertThat(echo.text()).isEqualTo("during " + i);
    }
    // So does a new connection: its handshake is read by a worker too.
    echoing(transport, ConnectOptions.defaults(), "new");
    // A worker handing a message over passes through the hand-off too; only the parked ones stay.
    Await.until(
        () -> workersParkedInTheHandOff() == stuck,
        WAIT,
        () -> "still a parked worker per flooded connection; got " + workersParkedInTheHandOff());
  }
}
