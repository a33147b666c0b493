package dev.wsengine.tyrus.testing;

import dev.wsengine.testing.LoopbackServer;
import java.net.URI;

/** The two independent server implementations every end-to-end test runs against. */
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
}
