package dev.wsengine.jdk;

import static com.google.common.truth.Truth.assertThat;
import static dev.wsengine.testing.transport.HostileServerContract.Expected.NO_CLOSE_FRAME;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.CloseStatus;
import dev.wsengine.ConnectionClosedException;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.transport.HostileServerContract;
import dev.wsengine.testing.transport.RawConnection;
import dev.wsengine.testing.transport.RawServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The kit's hostile-server contract, held by the JDK transport, with what {@code
 * java.net.http.WebSocket} does otherwise (docs/transports.md has the table).
 */
class JdkHostileContractTest extends HostileServerContract {
  /**
   * On a protocol error the JDK closes the socket (WebSocketImpl.signalError) while its receive
   * task sends its close frame: the frame gets out only when that task wins the race.
   */
  private static final String RACE =
      "the JDK closes the socket as it sends its own close frame, which gets out only sometimes";

  /** The JDK hands the listener a ProtocolException without the status it chose. */
  private static final String NO_CODE =
      "the JDK reports every protocol error without its code, so reads say 1002; " + RACE;

  private final JdkTransport transport = JdkTransport.builder().noKeepalive().build();

  @Override
  protected Transport transport() {
    return transport;
  }

  @Override
  protected Transport transportWithKeepalive(Duration interval, Duration pongTimeout) {
    return JdkTransport.builder().keepalive(interval, pongTimeout).build();
  }

  @Override
  protected Map<Case, Expected> deviations() {
    return Map.ofEntries(
        entry(Case.MASKED_FRAME, lostClose(1002)),
        entry(Case.INVALID_UTF8_IN_ONE_FRAME, lostClose(1007).because(NO_CODE)),
        entry(Case.INVALID_UTF8_ACROSS_FRAGMENTS, lostClose(1007).because(NO_CODE)),
        entry(Case.RESERVED_BIT, lostClose(1002)),
        entry(Case.RESERVED_DATA_OPCODE, lostClose(1002)),
        entry(Case.RESERVED_CONTROL_OPCODE, lostClose(1002)),
        entry(Case.CONTROL_FRAME_OVER_125_BYTES, lostClose(1002)),
        entry(Case.FRAGMENTED_CONTROL_FRAME, lostClose(1002)),
        entry(Case.CLOSE_CODE_999, lostClose(1002)),
        entry(Case.CLOSE_CODE_1005, lostClose(1002)),
        entry(Case.CLOSE_CODE_1006, lostClose(1002)),
        entry(
            Case.CLOSE_CODE_5000,
            Expected.of(1002, 1008)
                .because("the JDK would echo 5000; the transport answers 1008, as it cannot 1002")),
        entry(Case.CLOSE_WITH_A_ONE_BYTE_BODY, lostClose(1002)),
        entry(
            Case.CLOSE_REASON_NOT_UTF8,
            lostClose(1002).because("the JDK fails a reason that is not UTF-8 with 1002; " + RACE)),
        entry(
            Case.CLOSE_WITHOUT_STATUS,
            Expected.of(1005, 1000).because("the JDK answers a close without a status with 1000")),
        entry(Case.NEGATIVE_LENGTH, lostClose(1002)),
        entry(Case.CONTINUATION_WITHOUT_A_START, lostClose(1002)),
        entry(Case.NEW_MESSAGE_INSIDE_A_FRAGMENTED_ONE, lostClose(1002)),
        entry(
            Case.EOF_AFTER_HANDSHAKE,
            Expected.of(1006, 1000)
                .because("the JDK answers a link that ended as a close without a status: 1000")));
  }

  /** Reads report 1002; the JDK's own close frame with {@code code} may get out (see RACE). */
  private static Expected lostClose(int code) {
    return Expected.of(1002, NO_CLOSE_FRAME).orSends(code).because(RACE);
  }

  /** Waits for the body of a refusal until the handshake timeout, as an HTTP client does. */
  @Override
  protected EndlessRefusal aRefusalWithAnEndlessBody() {
    return EndlessRefusal.HANDSHAKE_TIMEOUT;
  }

  @Test
  void aProtocolErrorsReasonSaysWhatTheJdkFound() throws Exception {
    RawServer server =
        closedAfterTheTest(
            new RawServer(
                c -> {
                  c.handshake();
                  c.write(
                      RawConnection.maskedFrame(
                          RawConnection.fin(RawConnection.TEXT),
                          "masked!".getBytes(StandardCharsets.UTF_8),
                          new byte[] {1, 2, 3, 4}));
                  c.drainUntilClosed();
                }));
    TransportConnection connection = connect(server.uri("/"), ConnectOptions.defaults());

    CloseStatus status =
        assertThrows(ConnectionClosedException.class, () -> connection.read(WAIT)).status();

    assertThat(status.code()).isEqualTo(1002);
    assertThat(status.reason()).containsMatch("(?i)mask");
  }
}
