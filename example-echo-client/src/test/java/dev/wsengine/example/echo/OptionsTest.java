package dev.wsengine.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.example.echo.Options.HostPort;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the command line accepts. */
class OptionsTest {
  @Test
  void noArguments_embeddedServerForever() throws Exception {
    Options options = Options.parse();

    assertEquals(Optional.empty(), options.url);
    assertFalse(options.counted());
    assertEquals(Duration.ofSeconds(1), options.interval);
    assertEquals(Options.DEFAULT_READERS, options.readers);
    assertEquals(Optional.empty(), options.transport);
    assertEquals(Optional.empty(), options.serve);
    assertFalse(options.help);
  }

  @Test
  void valuesAfterSpaceOrEquals() throws Exception {
    Options options =
        Options.parse(
            "--url=wss://example.com/echo", "--count", "3", "--readers=1", "--interval", "250ms");

    assertEquals(Optional.of(URI.create("wss://example.com/echo")), options.url);
    assertTrue(options.counted());
    assertEquals(3, options.count);
    assertEquals(1, options.readers);
    assertEquals(Duration.ofMillis(250), options.interval);
  }

  @ParameterizedTest
  @CsvSource({
    "0ms, PT0S",
    "500ms, PT0.5S",
    "2s, PT2S",
    "1m, PT1M",
    "1h, PT1H",
    "PT0.5S, PT0.5S",
    "pt1m30s, PT1M30S"
  })
  void intervals(String given, String expected) throws Exception {
    assertEquals(Duration.parse(expected), Options.parse("--interval", given).interval);
  }

  @ParameterizedTest
  @CsvSource({"jdk, jdk", "tyrus, tyrus", "JDK, jdk", "Tyrus, tyrus"})
  void transports(String given, String expected) throws Exception {
    assertEquals(Optional.of(expected), Options.parse("--transport", given).transport);
    assertEquals(Optional.of(expected), Options.parse("--transport=" + given).transport);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "8080|127.0.0.1|8080",
        ":8080|127.0.0.1|8080",
        "0.0.0.0:9000|0.0.0.0|9000",
        "[::1]:0|::1|0"
      })
  void serveAddresses(String given, String host, int port) throws Exception {
    assertEquals(Optional.of(new HostPort(host, port)), Options.parse("--serve", given).serve);
  }

  @Test
  void help_winsOverTheRest() throws Exception {
    assertTrue(Options.parse("--count", "3", "-h", "--bogus").help);
  }
}
