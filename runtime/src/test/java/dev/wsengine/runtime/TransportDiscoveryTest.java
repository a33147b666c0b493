package dev.wsengine.runtime;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.spi.Transport;
import dev.wsengine.spi.TransportConnection;
import dev.wsengine.testing.RecordingHandler;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * build() without {@code transport(...)} finds the transport with {@link java.util.ServiceLoader}:
 * two on the class path, or one that cannot be loaded, is an error that says which and what to do.
 * The class path is extended through the thread's context class loader, which the service loader
 * reads.
 */
class TransportDiscoveryTest {
  private static final String SERVICES = "META-INF/services/" + Transport.class.getName();

  @TempDir Path classPath;

  private final RecordingHandler handler = new RecordingHandler();

  /** A provider found on the class path; never dialled. */
  public static final class FirstTransport implements Transport {
    @Override
    public TransportConnection connect(URI uri, ConnectOptions options) {
      throw new UnsupportedOperationException("not dialled in this test");
    }
  }

  /** Another provider found on the class path; never dialled. */
  public static final class SecondTransport implements Transport {
    @Override
    public TransportConnection connect(URI uri, ConnectOptions options) {
      throw new UnsupportedOperationException("not dialled in this test");
    }
  }

  @Test
  void twoTransportsOnTheClassPathAreAnErrorNamingBoth() throws Exception {
    IllegalStateException e =
        buildWithServices(FirstTransport.class.getName() + "\n" + SecondTransport.class.getName());

    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "more than one wsengine transport on the class path ["
                + FirstTransport.class.getName()
                + ", "
                + SecondTransport.class.getName()
                + "]: choose one with WebSocketEngine.Builder.transport(...) or the system"
                + " property dev.wsengine.transport=<name>");
  }

  /** Stands for the Tyrus transport: a bundled name. */
  public static final class NamedTyrus implements Transport {
    @Override
    public TransportConnection connect(URI uri, ConnectOptions options) {
      throw new UnsupportedOperationException("not dialled in this test");
    }

    @Override
    public String name() {
      return "tyrus";
    }
  }

  /** Stands for the JDK transport: a bundled name. */
  public static final class NamedJdk implements Transport {
    @Override
    public TransportConnection connect(URI uri, ConnectOptions options) {
      throw new UnsupportedOperationException("not dialled in this test");
    }

    @Override
    public String name() {
      return "jdk";
    }
  }

  @Test
  void withBothBundledTransportsTyrusIsTheDefault_andThePropertyChoosesByNameOrClass()
      throws Exception {
    String both = NamedJdk.class.getName() + "\n" + NamedTyrus.class.getName();
    assertThat(transportWithServices(both, null)).isInstanceOf(NamedTyrus.class);
    assertThat(transportWithServices(both, "JDK")).isInstanceOf(NamedJdk.class);
    assertThat(transportWithServices(both, NamedJdk.class.getName())).isInstanceOf(NamedJdk.class);
    // One transport: the property, if set, must still name it.
    assertThat(transportWithServices(FirstTransport.class.getName(), null))
        .isInstanceOf(FirstTransport.class);
  }

  @Test
  void aBundledAndAnotherTransportAreAnError_unlessThePropertyChooses() throws Exception {
    String mixed = NamedTyrus.class.getName() + "\n" + FirstTransport.class.getName();
    IllegalStateException e = buildWithServices(mixed);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "more than one wsengine transport on the class path [tyrus ("
                + NamedTyrus.class.getName()
                + "), "
                + FirstTransport.class.getName()
                + "]: choose one with WebSocketEngine.Builder.transport(...) or the system"
                + " property dev.wsengine.transport=<name>");
    assertThat(transportWithServices(mixed, FirstTransport.class.getName()))
        .isInstanceOf(FirstTransport.class);
  }

  @Test
  void aPropertyNamingNoTransportFoundIsAnErrorListingThem() throws Exception {
    System.setProperty(WebSocketEngine.TRANSPORT_PROPERTY, "netty");
    try {
      IllegalStateException e = buildWithServices(NamedTyrus.class.getName());
      assertThat(e)
          .hasMessageThat()
          .isEqualTo(
              "system property dev.wsengine.transport is 'netty', but the wsengine transports on"
                  + " the class path are [tyrus ("
                  + NamedTyrus.class.getName()
                  + ")]: name one of them, by name or class name");
    } finally {
      System.clearProperty(WebSocketEngine.TRANSPORT_PROPERTY);
    }
  }

  @Test
  void transportThatCannotBeLoadedIsAnErrorWithTheCause() throws Exception {
    IllegalStateException e = buildWithServices("dev.wsengine.runtime.NoSuchTransport");

    assertThat(e)
        .hasMessageThat()
        .startsWith("a wsengine transport on the class path failed to load: ");
    assertThat(e).hasMessageThat().contains("dev.wsengine.runtime.NoSuchTransport");
    assertThat(e).hasCauseThat().isInstanceOf(ServiceConfigurationError.class);
  }

  /** The transport build() takes with {@code providers} on the class path and the property set. */
  private Transport transportWithServices(String providers, String property) throws Exception {
    Path services = classPath.resolve(SERVICES);
    Files.createDirectories(services.getParent());
    Files.writeString(services, providers + "\n");
    Thread self = Thread.currentThread();
    ClassLoader previous = self.getContextClassLoader();
    if (property != null) {
      System.setProperty(WebSocketEngine.TRANSPORT_PROPERTY, property);
    }
    try (URLClassLoader extended =
        new URLClassLoader(new URL[] {classPath.toUri().toURL()}, getClass().getClassLoader())) {
      self.setContextClassLoader(extended);
      return WebSocketEngine.builder(Engines.URI, handler).chosenTransport();
    } finally {
      self.setContextClassLoader(previous);
      System.clearProperty(WebSocketEngine.TRANSPORT_PROPERTY);
    }
  }

  /** What build() throws with {@code providers} listed in a services file on the class path. */
  private IllegalStateException buildWithServices(String providers) throws Exception {
    Path services = classPath.resolve(SERVICES);
    Files.createDirectories(services.getParent());
    Files.writeString(services, providers + "\n");
    Thread self = Thread.currentThread();
    ClassLoader previous = self.getContextClassLoader();
    try (URLClassLoader extended =
        new URLClassLoader(new URL[] {classPath.toUri().toURL()}, getClass().getClassLoader())) {
      self.setContextClassLoader(extended);
      return assertThrows(
          IllegalStateException.class, () -> WebSocketEngine.builder(Engines.URI, handler).build());
    } finally {
      self.setContextClassLoader(previous);
    }
  }
}
