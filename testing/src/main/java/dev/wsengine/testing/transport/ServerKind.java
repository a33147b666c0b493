package dev.wsengine.testing.transport;

import dev.wsengine.testing.LoopbackServer;
import dev.wsengine.testing.transport.internal.TyrusBusyEndpoint;
import dev.wsengine.testing.transport.internal.TyrusEchoEndpoint;
import dev.wsengine.testing.transport.internal.TyrusForbiddenEndpoint;
import java.net.URI;

/**
 * The two independent WebSocket server implementations a transport's tests, and the {@link
 * TransportContract}, run against: Tyrus's server on Grizzly and Jetty 12's. {@link #start()} gives
 * a {@link TestServer} on 127.0.0.1 and a free port with the same endpoints on both:
 *
 * <ul>
 *   <li>{@code /echo} (subprotocol {@code chat} offered; request headers starting {@code X-} and
 *       the open and close are recorded in {@link ServerEvents}; the answer carries {@code
 *       X-Test-Server}) echoes every message, except a text message that is one of these commands:
 *       <ul>
 *         <li>{@code cmd:close CODE REASON}: closes with that status;
 *         <li>{@code cmd:burst-close N}: sends texts {@code m0} .. {@code m<N-1>}, then closes with
 *             4002 {@code after burst};
 *         <li>{@code cmd:flood COUNT SIZE}: starts a {@link Flood} of COUNT binary messages of SIZE
 *             bytes, the i-th beginning with i as a long;
 *         <li>{@code cmd:big BYTES}: starts a {@link Flood} of one binary message of that size, in
 *             64 KiB frames;
 *         <li>{@code cmd:whole N text|binary}: one message of N bytes, {@link #text(int)} or {@link
 *             #bytes(int, int) bytes(0, N)}, in one frame;
 *         <li>{@code cmd:parts N text|binary}: the same message in three frames;
 *         <li>{@code cmd:silent}: nothing, now or later.
 *       </ul>
 *   <li>{@code /busy} answers every handshake with 503; {@code /forbidden} (Tyrus) with 403.
 * </ul>
 *
 * <p><b>Class path.</b> The kit declares both servers optional: add {@code
 * org.glassfish.tyrus:tyrus-server} and {@code org.glassfish.tyrus:tyrus-container-grizzly-server}
 * for {@link #TYRUS}, {@code org.eclipse.jetty.websocket:jetty-websocket-jetty-server} for {@link
 * #JETTY}, to the test class path.
 */
public enum ServerKind {
  /** Tyrus's own server on Grizzly: the kit's {@link LoopbackServer}. */
  TYRUS {
    @Override
    public TestServer start() {
      ServerEvents.clear();
      LoopbackServer server =
          LoopbackServer.start(
              TyrusEchoEndpoint.class, TyrusForbiddenEndpoint.class, TyrusBusyEndpoint.class);
      return new TestServer() {
        @Override
        public URI uri(String path) {
          return server.uri(path);
        }

        @Override
        public int port() {
          return server.port();
        }

        @Override
        public void stop() {
          server.stop();
        }

        @Override
        public void start() {
          server.restart();
        }

        @Override
        public void close() {
          server.close();
        }

        @Override
        public String toString() {
          return "Tyrus server on port " + server.port();
        }
      };
    }
  },
  /** Jetty 12's WebSocket server. */
  JETTY {
    @Override
    public TestServer start() {
      return new JettyTestServer(null);
    }
  };

  /** A started server of this kind, on 127.0.0.1 and a free port. */
  public abstract TestServer start();

  /** A text of {@code length} characters {@code x}: what {@code cmd:whole N text} sends. */
  public static String text(int length) {
    return "x".repeat(length);
  }

  /**
   * The bytes {@code from, from + 1, ...} (mod 256), {@code length} of them: what {@code cmd:whole
   * N binary} sends, with {@code from} 0.
   */
  public static byte[] bytes(int from, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (from + i);
    }
    return bytes;
  }
}
