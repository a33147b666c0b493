package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.jdk.internal.JdkConnection;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDK transport adds to the kit's contract (JdkContractTest runs that): its own bound on
 * buffering, seen from inside, and repeated headers.
 */
class JdkTransportTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final JdkTransport transport = JdkTransport.builder().noKeepalive().build();
  private TestServer server;
  private JdkConnection connection;

  @BeforeEach
  void startServer() {
    server = ServerKind.TYRUS.start();
  }

  @AfterEach
  void tearDown() {
    if (connection != null) {
      connection.abort();
    }
    server.close();
  }

  private JdkConnection connect(ConnectOptions options) throws Exception {
    connection = (JdkConnection) transport.connect(server.uri("/echo"), options);
    return connection;
  }

  @Test
  void aFloodWithASlowReaderNeverHoldsMoreThanTheBuffer() throws Exception {
    int count = 2000;
    connect(ConnectOptions.builder().bufferedMessages(4).build());

    connection.sendText("cmd:flood " + count + " 1024");
    Await.until(connection::receivingBlocked, WAIT, "the socket to be left unread");
    for (int i = 0; i < count; i++) {
      assertThat(connection.read(WAIT).binary().getLong(0)).isEqualTo(i);
    }

    assertThat(connection.bufferedHighWater()).isAtMost(4);
  }

  @Test
  void aHeaderGivenTwiceSendsBothValues() throws Exception {
    connect(ConnectOptions.builder().header("X-Client", "one").header("X-Client", "two").build());

    String header = ServerEvents.await("header x-client", WAIT);

    assertThat(header).contains("one");
    assertThat(header).contains("two");
  }
}
