package dev.wsengine.tyrus.testing;

/** The two independent server implementations every end-to-end test runs against. */
public enum ServerKind {
  /** Tyrus's own server on Grizzly. */
  TYRUS {
    @Override
    public TestServer start() {
      return new TyrusTestServer();
    }
  },
  /** Jetty 12's WebSocket server. */
  JETTY {
    @Override
    public TestServer start() {
      return new JettyTestServer(null);
    }
  };

  /** A started server of this kind, on a free port. */
  public abstract TestServer start();
}
