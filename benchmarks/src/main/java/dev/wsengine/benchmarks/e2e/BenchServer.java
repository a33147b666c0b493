package dev.wsengine.benchmarks.e2e;

import dev.wsengine.testing.LoopbackServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;

/**
 * The server both contenders talk to: the test kit's {@link LoopbackServer} (Tyrus's server on
 * Grizzly) serving {@link BenchEndpoint} at {@value #PATH}. Embedded, it listens on 127.0.0.1 and a
 * free port; {@code main} runs it on its own, for {@code --url} from another process or machine.
 */
public final class BenchServer {
  /** Where {@link BenchEndpoint} answers. */
  static final String PATH = "/bench";

  private BenchServer() {}

  /** The embedded server: 127.0.0.1, a free port. */
  static LoopbackServer start() {
    return LoopbackServer.start(BenchEndpoint.class);
  }

  /** {@code ws://127.0.0.1:PORT/bench} of a server {@link #start()} returned. */
  static URI uri(LoopbackServer server) {
    return server.uri(PATH);
  }

  /** {@code java -cp benchmarks.jar dev.wsengine.benchmarks.e2e.BenchServer [host] [port]}. */
  public static void main(String[] args) throws InterruptedException, UnknownHostException {
    String host = args.length > 0 ? args[0] : "0.0.0.0";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8025;
    try (LoopbackServer server =
        LoopbackServer.builder()
            .endpoint(BenchEndpoint.class)
            .bindAddress(InetAddress.getByName(host))
            .port(port)
            .start()) {
      System.out.println(
          "benchmark server on ws://" + host + ":" + server.port() + PATH + "; Ctrl-C stops it");
      new CountDownLatch(1).await();
    }
  }
}
