package dev.wsengine.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.testing.ThreadCounts;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad command line: exit status 2, and stderr names the option, the value and what is
 * accepted.
 */
class BadOptionsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        bad(List.of("--bogus"), "echo-client: unknown option '--bogus'"),
        bad(List.of("--bogus=3"), "echo-client: unknown option '--bogus'"),
        bad(List.of("extra"), "echo-client: unexpected argument 'extra'; options start with --"),
        bad(
            List.of("--count"),
            "echo-client: option --count needs a value: a whole number from 1 to 2147483647"),
        bad(
            List.of("--url", "--count", "3"),
            "echo-client: option --url needs a value: a ws:// or wss:// URL"),
        bad(
            List.of("--count", "three"),
            "echo-client: option --count got 'three'; expected a whole number from 1 to 2147483647"),
        bad(
            List.of("--count", "0"),
            "echo-client: option --count got '0'; expected a whole number from 1 to 2147483647"),
        bad(
            List.of("--count=99999999999"),
            "echo-client: option --count got '99999999999'; expected a whole number from 1 to 2147483647"),
        bad(
            List.of("--readers", "0"),
            "echo-client: option --readers got '0'; expected a whole number from 1 to 1024"),
        bad(
            List.of("--readers", "1025"),
            "echo-client: option --readers got '1025'; expected a whole number from 1 to 1024"),
        bad(
            List.of("--transport", "grizzly"),
            "echo-client: option --transport got 'grizzly'; expected jdk or tyrus"),
        bad(
            List.of("--transport="),
            "echo-client: option --transport got ''; expected jdk or tyrus"),
        bad(List.of("--transport"), "echo-client: option --transport needs a value: jdk or tyrus"),
        bad(
            List.of("--serve", "8080", "--transport", "jdk"),
            "echo-client: option --serve runs only the echo server; it cannot be combined with --transport"),
        bad(
            List.of("--interval", "fast"),
            "echo-client: option --interval got 'fast'; expected a duration such as 500ms, 2s, 1m or PT0.5S, from 0ms to 1h"),
        bad(
            List.of("--interval", "2h"),
            "echo-client: option --interval got '2h'; expected a duration"),
        bad(
            List.of("--interval", "PT-1S"),
            "echo-client: option --interval got 'PT-1S'; expected a duration"),
        bad(
            List.of("--url", "http://localhost:8080/echo"),
            "echo-client: option --url got 'http://localhost:8080/echo', whose scheme is http; expected a ws:// or wss:// URL"),
        bad(
            List.of("--url", "/echo"),
            "echo-client: option --url got '/echo', which has no scheme; expected a ws:// or wss:// URL"),
        bad(
            List.of("--url", "ws:/echo"),
            "echo-client: option --url got 'ws:/echo', which names no host; expected a ws:// or wss:// URL"),
        bad(
            List.of("--url", "ws://bad host/"),
            "echo-client: option --url got 'ws://bad host/'; expected a ws:// or wss:// URL"),
        bad(
            List.of("--serve", "8o8o"),
            "echo-client: option --serve got '8o8o'; expected [host:]port, with port from 0 to 65535"),
        bad(
            List.of("--serve", "localhost:65536"),
            "echo-client: option --serve got 'localhost:65536'; expected [host:]port"),
        bad(
            List.of("--serve", "8080", "--count", "3"),
            "echo-client: option --serve runs only the echo server; it cannot be combined with --count"));
  }

  private static Arguments bad(List<String> args, String expectedError) {
    return Arguments.of(args, expectedError);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void badCommandLine_exitsWithStatusTwoAndSaysWhatIsWrong(List<String> args, String expectedError)
      throws Exception {
    ProgramRun run = ProgramRun.run(args.toArray(String[]::new));

    assertEquals(2, run.status(TIMEOUT), run::toString);
    assertTrue(run.err().startsWith(expectedError), run::toString);
    assertTrue(run.err().contains("\nusage: java -jar echo-client.jar"), run::toString);
    assertEquals("", run.out());
  }

  @AfterEach
  void nothingStarted() {
    assertEquals(List.of(), ThreadCounts.names(ProgramRun.PROGRAM_THREAD));
  }
}
