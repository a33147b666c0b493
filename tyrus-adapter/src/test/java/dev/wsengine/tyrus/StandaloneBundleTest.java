package dev.wsengine.tyrus;

import static com.google.common.truth.Truth.assertThat;

import dev.wsengine.spi.ConnectOptions;
import dev.wsengine.testing.transport.ServerKind;
import dev.wsengine.testing.transport.TestServer;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/tyrus.md says users may put tyrus-standalone-client on the class path instead of the modular
 * artifacts. This runs the transport that way, in a JVM of its own (here the bundle would duplicate
 * the modular jars the tests use), against a Tyrus server in this JVM.
 */
class StandaloneBundleTest {
  private TestServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void transportWorksWithTheStandaloneBundleInsteadOfTheModularJars() throws Exception {
    server = ServerKind.TYRUS.start();
    Path bundle =
        Path.of("target", "standalone-client", "tyrus-standalone-client.jar").toAbsolutePath();
    assertThat(Files.exists(bundle))
        .isTrue(); // copied by the pom's maven-dependency-plugin execution
    String classPath =
        String.join(
            File.pathSeparator,
            location(TyrusTransport.class), // this module's classes
            location(StandaloneBundleMain.class), // its test classes, for the main class
            location(ConnectOptions.class), // wsengine-api
            bundle.toString());
    Process child =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    classPath,
                    "-Djava.util.logging.config.file="
                        + Path.of("src", "test", "resources", "logging.properties")
                            .toAbsolutePath(),
                    StandaloneBundleMain.class.getName(),
                    server.uri("/echo").toString()))
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream out = child.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();

    assertThat(child.exitValue()).isEqualTo(0);
    assertThat(output).contains("echo: from the bundle");
    assertThat(output).contains("tyrus from: " + bundle.toUri().toURL());
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
