package dev.wsengine.docs.transports;

import dev.wsengine.Handshake;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

// snippet:transport
/** A transport without a network: each connection's server side is driven by your test. */
public final class InMemoryTransport implements Transport {
  private final BlockingQueue<InMemoryConnection> opened = new LinkedBlockingQueue<>();

  @Override
  public InMemoryConnection connect(URI uri, ConnectOptions options) {
    InMemoryConnection connection = new InMemoryConnection(Handshake.of(uri, Map.of(), null), options);
    opened.add(connection);
    return connection;
  }

  /** The next connection the engine opened, or null if none within {@code timeout}. */
  public InMemoryConnection nextConnection(Duration timeout) throws InterruptedException {
    return opened.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
// end-snippet
