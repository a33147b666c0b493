package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.ConnectionClosedException;
import dev.wsengine.jdk.internal.JdkConnection;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.Await;
import dev.wsengine.testing.LoopbackServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Run with -Xmx64m (the pom's small-heap execution): a flood of 512 MiB to a slow reader, and a 256
 * MiB message over the limit, must neither be buffered nor fail with OutOfMemoryError.
 */
class FloodMemoryTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aFloodManyTimesTheHeapIsHeldBackByFlowControl() throws Exception {
    int count = 2048;
    JdkTransport transport = JdkTransport.builder().noKeepalive().build();
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      JdkConnection connection =
          (JdkConnection)
              transport.connect(
                  server.uri("/echo"), ConnectOptions.builder().bufferedMessages(4).build());
      connection.sendText("flood " + count + " 262144");
      Await.until(connection::receivingBlocked, WAIT, "the socket to be left unread");
      for (long i = 0; i < count; i++) {
        assertThat(connection.read(WAIT).binary().getLong(0)).isEqualTo(i);
      }
      assertThat(connection.bufferedHighWater()).isAtMost(4);
      connection.abort();
    }
  }

  @Test
  void aMessageManyTimesTheHeapClosesWith1009WithoutBeingBuffered() throws Exception {
    JdkTransport transport = JdkTransport.builder().noKeepalive().build();
    try (LoopbackServer server = LoopbackServer.start(EchoEndpoint.class)) {
      JdkConnection connection =
          (JdkConnection)
              transport.connect(
                  server.uri("/echo"),
                  ConnectOptions.builder().maxBinaryMessageBytes(8 << 20).build());
      connection.sendText("stream 1024 262144"); // 256 MiB in one message

      ConnectionClosedException closed =
          assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT));
      assertThat(closed.status().code()).isEqualTo(1009);
      connection.abort();
    }
  }
}
