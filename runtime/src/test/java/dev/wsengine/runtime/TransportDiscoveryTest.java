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
                + "]: choose one with WebSocketEngine.Builder.transport(...)");
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
