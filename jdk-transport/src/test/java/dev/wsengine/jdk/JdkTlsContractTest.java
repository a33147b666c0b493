package dev.wsengine.jdk;

import dev.wsengine.spi.Transport;
import dev.wsengine.testing.transport.TlsContract;

/** The kit's TLS contract, held by the JDK transport against Jetty over wss. */
class JdkTlsContractTest extends TlsContract {
  private final JdkTransport transport = JdkTransport.builder().noKeepalive().build();

  @Override
  protected Transport transport() {
    return transport;
  }
}
