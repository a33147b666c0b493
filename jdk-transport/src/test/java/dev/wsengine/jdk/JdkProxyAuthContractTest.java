package dev.wsengine.jdk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wsengine.spi.Transport;
import dev.wsengine.testing.transport.ProxyContract;
import org.junit.jupiter.api.BeforeAll;

/**
 * The proxy contract, in the surefire execution {@code basic-tunnelling} whose JVM starts with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=}: the JDK sends Basic credentials for a CONNECT
 * only then (see docs/jdk.md).
 */
class JdkProxyAuthContractTest extends ProxyContract {
  private final JdkTransport transport = JdkTransport.builder().noKeepalive().build();

  /** Skipped elsewhere (a -Dtest run reaches the default execution too). */
  @BeforeAll
  static void runsWhereTheJvmAllowsBasicForTunnels() {
    assumeTrue(
        "".equals(System.getProperty(JdkTransport.BASIC_TUNNELLING_PROPERTY)),
        "runs in the basic-tunnelling execution of jdk-transport's pom");
  }

  @Override
  protected Transport transport() {
    return transport;
  }
}
