package dev.wsengine.tyrus;

import dev.wsengine.spi.Transport;
import dev.wsengine.testing.junit.NoThreadsLeft;
import dev.wsengine.testing.transport.ProxyContract;
import dev.wsengine.tyrus.testing.TyrusThreads;
import org.junit.jupiter.api.extension.RegisterExtension;

class TyrusProxyContractTest extends ProxyContract {
  @RegisterExtension static final NoThreadsLeft THREADS = TyrusThreads.NO_CLIENT_THREADS_LEFT;

  private final TyrusTransport transport = TyrusTransport.builder().noKeepalive().build();

  @Override
  protected Transport transport() {
    return transport;
  }
}
