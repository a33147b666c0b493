/**
 * The wsengine transport over the JDK's own {@code java.net.http.WebSocket}: {@link
 * dev.wsengine.jdk.JdkTransport}, provided to {@link java.util.ServiceLoader} as a {@link
 * dev.wsengine.spi.Transport}. No dependency beyond the JDK and the wsengine API.
 */
module dev.wsengine.jdk {
  requires transitive dev.wsengine.api;
  requires transitive java.net.http;
  requires static com.google.errorprone.annotations;

  exports dev.wsengine.jdk;

  provides dev.wsengine.spi.Transport with
      dev.wsengine.jdk.JdkTransport;
}
