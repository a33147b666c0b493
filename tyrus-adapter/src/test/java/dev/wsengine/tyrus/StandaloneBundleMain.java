package dev.wsengine.tyrus;

import dev.wsengine.CloseStatus;
import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.TransportConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Run by {@link StandaloneBundleTest} in a JVM of its own, whose class path has
 * tyrus-standalone-client and none of the modular Tyrus jars: connects, echoes, closes, and prints
 * which jar Tyrus's client classes came from.
 */
public final class StandaloneBundleMain {
  private StandaloneBundleMain() {}

  public static void main(String[] args) throws Exception {
    TransportConnection connection =
        new TyrusTransport().connect(URI.create(args[0]), ConnectOptions.defaults());
    connection.sendText("from the bundle");
    System.out.println("echo: " + connection.read(Duration.ofSeconds(10)).text());
    connection.close(CloseStatus.NORMAL);
    System.out.println(
        "tyrus from: "
            + Class.forName("org.glassfish.tyrus.client.ClientManager")
                .getProtectionDomain()
                .getCodeSource()
                .getLocation());
  }
}
