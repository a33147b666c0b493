/**
 * The wsengine test kit: what a user needs to test a handler without a network (an in-memory
 * transport whose server side the test scripts, a virtual clock the engine accepts), a loopback
 * server for integration tests, and small helpers (waiting with a deadline, a recording handler,
 * checking that no engine thread is left). The core works with any test framework; {@code
 * dev.wsengine.testing.junit} adds a JUnit 5 extension. Tyrus's server, for {@code LoopbackServer},
 * and JUnit are optional: the rest of the kit needs neither.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.wsengine.testing {
  requires transitive dev.wsengine.api;
  requires static transitive org.junit.jupiter.api;
  requires static transitive org.junit.jupiter.params;
  requires static com.google.errorprone.annotations;
  // LoopbackServer: Tyrus's server on Grizzly; its API takes jakarta.websocket.server types.
  requires static transitive jakarta.websocket;
  requires static org.glassfish.tyrus.server;
  requires static org.glassfish.tyrus.core;
  requires static org.glassfish.tyrus.spi;
  requires static org.glassfish.tyrus.container.grizzly.server;
  requires static org.glassfish.grizzly;
  requires static org.glassfish.grizzly.http;
  requires static org.glassfish.grizzly.http.server;
  // dev.wsengine.testing.transport's Jetty server (optional, as Tyrus's server is).
  requires static org.eclipse.jetty.server;
  requires static org.eclipse.jetty.util;
  requires static org.eclipse.jetty.io;
  requires static org.eclipse.jetty.http;
  requires static org.eclipse.jetty.websocket.api;
  requires static org.eclipse.jetty.websocket.server;

  exports dev.wsengine.testing;
  exports dev.wsengine.testing.junit;
  exports dev.wsengine.testing.transport;

  // The contract servers' endpoints: not API, but Tyrus and Jetty make and call them reflectively.
  opens dev.wsengine.testing.transport.internal;
}
