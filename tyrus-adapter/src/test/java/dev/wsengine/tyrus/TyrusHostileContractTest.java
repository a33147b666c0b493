package dev.wsengine.tyrus;

import dev.wsengine.spi.Transport;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.HostileServerContract;
import dev.wsengine.tyrus.testing.TyrusThreads;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kit's hostile-server contract, held by the Tyrus transport, with what Tyrus does otherwise
 * (docs/transports.md has the table).
 */
class TyrusHostileContractTest extends HostileServerContract {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();

  @Override
  protected Transport transport() {
    return transport;
  }

  @Override
  protected Transport transportWithKeepalive(Duration interval, Duration pongTimeout) {
    return TyrusTransport.builder().keepalive(interval, pongTimeout).build();
  }

  @Override
  protected Map<Case, Expected> deviations() {
    return Map.of(
        Case.CLOSE_WITHOUT_STATUS,
        Expected.of(1000, 1000).because("Tyrus reports a close without a status as 1000"),
        Case.KEEPALIVE_DEADLINE,
        Expected.of(1006, 1001)
            .because("Tyrus cannot drop a link silently: it sends 1001 'no pong', then drops it"));
  }
}
