package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.transport.ServerEvents;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TransportContract;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kit's transport contract, held by the JDK transport against Tyrus's and Jetty's servers. */
class JdkContractTest extends TransportContract {
  private final JdkTransport transport = JdkTransport.builder().noKeepalive().build();

  @Override
  protected Transport transport() {
    return transport;
  }

  /** The JDK's client refuses to send 1009 (see {@code WebSocket.sendClose}): it sends 1008. */
  @Override
  protected int closeCodeSentForATooBigMessage() {
    return CloseStatus.POLICY_VIOLATION.code();
  }

  @ParameterizedTest
  @EnumSource(ServerKind.class)
  void aCodeTheJdkCannotSendGoesOutAs1008WithItsReason(ServerKind kind) throws Exception {
    TransportConnection connection = connect(start(kind).uri("/echo"), ConnectOptions.defaults());
    CloseStatus unsupported = CloseStatus.UNSUPPORTED_DATA.withReason("no binary here");

    connection.close(unsupported);

    assertThat(ServerEvents.await("close", WAIT)).isEqualTo("close 1008 no binary here");
    assertThat(assertThrows(ConnectionClosedException.class, connection::read).status())
        .isEqualTo(unsupported);
  }
}
