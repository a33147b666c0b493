/**
 * The wsengine transport over the Tyrus WebSocket client: {@link
 * dev.wsengine.tyrus.TyrusTransport}, provided to {@link java.util.ServiceLoader} as a {@link
 * dev.wsengine.spi.Transport}.
 */
module dev.wsengine.tyrus {
  requires transitive dev.wsengine.api;
  requires jakarta.websocket.client;
  requires org.glassfish.tyrus.client;
  requires org.glassfish.tyrus.core;
  requires org.glassfish.tyrus.container.grizzly.client;
  requires org.glassfish.tyrus.spi;
  requires java.logging;
  requires static com.google.errorprone.annotations;

  exports dev.wsengine.tyrus;
  // Tyrus creates the client container by class name, by reflection from tyrus-core.
  exports dev.wsengine.tyrus.internal to
      org.glassfish.tyrus.core;

  provides dev.wsengine.spi.Transport with
      dev.wsengine.tyrus.TyrusTransport;
}
