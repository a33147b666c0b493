package dev.wsengine.jdk;

import dev.wsengine.spi.Transport;
import dev.wsengine.testing.transport.MemoryContract;

/** The kit's bounded-memory contract, held by the JDK transport; in the pom's small-heap JVM. */
class JdkMemoryContractTest extends MemoryContract {
  private final JdkTransport transport = JdkTransport.builder().noKeepalive().build();

  @Override
  protected Transport transport() {
    return transport;
  }
}
