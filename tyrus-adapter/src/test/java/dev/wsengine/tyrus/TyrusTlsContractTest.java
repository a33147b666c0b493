package dev.wsengine.tyrus;

import dev.wsengine.spi.Transport;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.TlsContract;
import dev.wsengine.tyrus.testing.TyrusThreads;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's TLS contract, held by the Tyrus transport against Jetty over wss. */
class TyrusTlsContractTest extends TlsContract {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();

  @Override
  protected Transport transport() {
    return transport;
  }
}
