package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wsengine.spi.Transport;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The public surface: builder checks, defaults, and how the engine finds the transport. */
class TyrusTransportTest {
  @Test
  void defaultsAreAPrivateContainerAndAKeepalive() {
    assertThat(new TyrusTransport().toString())
        .isEqualTo(
            "TyrusTransport[sharedContainer=false, keepalive=every PT30S, pong within PT10S]");
    assertThat(TyrusTransport.builder().sharedContainer(true).noKeepalive().build().toString())
        .isEqualTo("TyrusTransport[sharedContainer=true (idle PT30S), keepalive=off]");
  }

  @Test
  void keepaliveDurationsMustBePositiveAndBounded() {
    TyrusTransport.Builder builder = TyrusTransport.builder();

    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> builder.keepalive(Duration.ZERO, Duration.ofSeconds(1))))
        .hasMessageThat()
        .isEqualTo("keepalive interval must be more than 0 and at most PT24H; got PT0S");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> builder.keepalive(Duration.ofSeconds(1), Duration.ofDays(2))))
        .hasMessageThat()
        .isEqualTo("pong timeout must be more than 0 and at most PT24H; got PT48H");
    assertThrows(NullPointerException.class, () -> builder.keepalive(null, Duration.ofSeconds(1)));
  }

  @Test
  void sharedContainerIdleTimeoutIsWholeSecondsFromOne() {
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> TyrusTransport.builder().sharedContainerIdleTimeout(Duration.ofMillis(500))))
        .hasMessageThat()
        .isEqualTo("sharedContainerIdleTimeout must be between 1 second and PT24H; got PT0.5S");
  }

  @Test
  void serviceLoaderFindsTheTransport() {
    List<Transport> found = new ArrayList<>();
    ServiceLoader.load(Transport.class).forEach(found::add);

    assertThat(found).hasSize(1);
    assertThat(found.get(0)).isInstanceOf(TyrusTransport.class);
    // What -Ddev.wsengine.transport=tyrus chooses it by, with other transports on the class path.
    assertThat(found.get(0).name()).isEqualTo("tyrus");
  }

  @Test
  void moduleDescriptorProvidesTheTransportAndExportsOnlyItsPackage() throws Exception {
    Path classes =
        Path.of(TyrusTransport.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleReference module = ModuleFinder.of(classes).findAll().iterator().next();
    ModuleDescriptor descriptor = module.descriptor();

    assertThat(descriptor.name()).isEqualTo("dev.wsengine.tyrus");
    assertThat(descriptor.provides())
        .containsExactly(
            ModuleDescriptor.newModule("x")
                .provides(
                    "dev.wsengine.spi.Transport", List.of("dev.wsengine.tyrus.TyrusTransport"))
                .build()
                .provides()
                .iterator()
                .next());
    // The internal package only to tyrus-core, which creates the client container by name.
    assertThat(descriptor.exports())
        .containsExactly(
            ModuleDescriptor.newModule("x")
                .exports("dev.wsengine.tyrus")
                .exports(
                    Set.of(), "dev.wsengine.tyrus.internal", Set.of("org.glassfish.tyrus.core"))
                .build()
                .exports()
                .toArray());
  }
}
