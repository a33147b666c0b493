package dev.wsengine.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The end-to-end benchmark's command line. */
class OptionsTest {
  @Test
  void defaults_bothTransports_fullSizes_fiveRounds() {
    EndToEnd.Options options = EndToEnd.Options.parse();

    assertEquals(List.of(TransportKind.TYRUS, TransportKind.JDK), options.transports());
    assertEquals(EndToEnd.Sizes.FULL, options.sizes());
    assertEquals(5, options.rounds());
    assertEquals(null, options.url());
    assertEquals(List.copyOf(EndToEnd.SCENARIOS), List.copyOf(options.only()));
  }

  @ParameterizedTest
  @CsvSource({"jdk, JDK", "tyrus, TYRUS", "JDK, JDK", "Tyrus, TYRUS"})
  void transport_one(String given, TransportKind expected) {
    assertEquals(List.of(expected), EndToEnd.Options.parse("--transport", given).transports());
  }

  @Test
  void transport_both() {
    assertEquals(
        List.of(TransportKind.TYRUS, TransportKind.JDK),
        EndToEnd.Options.parse("--transport", "jdk", "--transport", "both").transports());
  }

  @Test
  void otherOptions() {
    EndToEnd.Options options =
        EndToEnd.Options.parse(
            "--quick", "--rounds", "3", "--url", "ws://bench.example:8025/bench", "--only", "echo");

    assertEquals(EndToEnd.Sizes.QUICK, options.sizes());
    assertEquals(3, options.rounds());
    assertEquals(URI.create("ws://bench.example:8025/bench"), options.url());
    assertEquals(List.of("echo"), List.copyOf(options.only()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--transport|netty|--transport takes jdk, tyrus or both; got netty",
        "--rounds|0|--rounds takes a whole number from 1 to 2147483647; got 0",
        "--rounds|five|--rounds takes a whole number from 1 to 2147483647; got five",
        "--url|http://host/bench|--url takes a ws:// or wss:// URL with a host, such as"
            + " ws://host:8025/bench; got http://host/bench",
        "--url|ws:/bench|--url takes a ws:// or wss:// URL with a host, such as"
            + " ws://host:8025/bench; got ws:/bench",
        "--url|ws://bad host/|--url takes a ws:// or wss:// URL with a host, such as"
            + " ws://host:8025/bench; got ws://bad host/",
        "--only|echo,pong|--only takes push,echo,scaling,tracing,reconnect,memory,json,requests,scale; got"
            + " pong",
        "--connections|0|--connections takes whole numbers from 1 to 100000, separated by commas,"
            + " such as 1000,5000,10000; got 0",
        "--connections|100001|--connections takes whole numbers from 1 to 100000, separated by"
            + " commas, such as 1000,5000,10000; got 100001",
        "--connections|1000,,5000|--connections takes whole numbers from 1 to 100000, separated by"
            + " commas, such as 1000,5000,10000; got 1000,,5000",
        "--connections|1k|--connections takes whole numbers from 1 to 100000, separated by commas,"
            + " such as 1000,5000,10000; got 1k",
        "--connections|-5|--connections takes whole numbers from 1 to 100000, separated by commas,"
            + " such as 1000,5000,10000; got -5"
      })
  void badValue_saysWhichOptionWhatItGotAndWhatItTakes(String option, String value, String error) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EndToEnd.Options.parse(option, value));
    assertEquals(error, e.getMessage());
  }

  @Test
  void scale_onlyWhenNamed_withConnections() {
    assertEquals(List.of(1_000, 5_000, 10_000), EndToEnd.Options.parse().connections());
    assertEquals(List.copyOf(EndToEnd.SCENARIOS), EndToEnd.Options.parse().inProcess());

    EndToEnd.Options options =
        EndToEnd.Options.parse("--only", "scale", "--connections", "20, 300");
    assertEquals(List.of("scale"), List.copyOf(options.only()));
    assertEquals(List.of(), options.inProcess());
    assertEquals(List.of(20, 300), options.connections());

    assertEquals(
        List.of("push", "echo"), EndToEnd.Options.parse("--only", "push,scale,echo").inProcess());
  }

  @Test
  void emptyConnections() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EndToEnd.Options.parse("--connections", ""));
    assertEquals(
        "--connections takes whole numbers from 1 to 100000, separated by commas, such as"
            + " 1000,5000,10000; got ",
        e.getMessage());
  }

  @Test
  void emptyTransport() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EndToEnd.Options.parse("--transport", ""));
    assertEquals("--transport takes jdk, tyrus or both; got ", e.getMessage());
  }

  @Test
  void missingValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EndToEnd.Options.parse("--transport"));
    assertEquals("--transport needs a value", e.getMessage());
  }

  @Test
  void unknownOption() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EndToEnd.Options.parse("--fast"));
    assertEquals("unknown option --fast (try --help)", e.getMessage());
  }
}
