package dev.wsengine.example.echo;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.ThreadCounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the program with captured output, in the test's thread ({@link #run}) or in a thread
 * of its own ({@link #start}), with an empty environment: no test depends on the OTEL_* variables
 * of the machine running it.
 */
final class ProgramRun {
  /** The example's own threads: the echo server's and the client's timer. */
  static final Predicate<String> EXAMPLE_THREAD =
      name -> name.startsWith("echo-server-") || name.startsWith("echo-client-");

  /** {@link #EXAMPLE_THREAD} in a failure message. */
  static final String EXAMPLE_THREADS = "echo-server-*, echo-client-*";

  /** The program's threads: the engine's and the example's own. */
  static final Predicate<String> PROGRAM_THREAD =
      name -> name.startsWith(ThreadCounts.ENGINE_THREAD_PREFIX) || EXAMPLE_THREAD.test(name);

  private static final Pattern ECHO_LINE =
      Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  echo     session [0-9a-f]{8}  \".*\"$");
  private static final Pattern GREETING_LINE =
      Pattern.compile(
          "^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  greeting session [0-9a-f]{8}  (Greeting\\[.*\\])$");

  final EchoClientMain program = new EchoClientMain(Map.of(), Clock.system(ZoneOffset.UTC));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final String[] args;
  private CompletableFuture<Integer> status;

  private ProgramRun(String... args) {
    this.args = args;
  }

  /** Runs the program to its end. */
  static ProgramRun run(String... args) {
    ProgramRun run = new ProgramRun(args);
    run.status = CompletableFuture.completedFuture(run.invoke());
    return run;
  }

  /** Starts the program in a thread of its own. */
  static ProgramRun start(String... args) {
    ProgramRun run = new ProgramRun(args);
    run.status =
        CompletableFuture.supplyAsync(
            run::invoke, task -> new Thread(task, "test-program").start());
    return run;
  }

  private int invoke() {
    return program.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** The exit status, waiting up to {@code timeout} for it. */
  int status(Duration timeout) throws Exception {
    return status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  List<String> outLines() {
    return Arrays.asList(out().split("\n", -1));
  }

  /** The echo lines' messages, in order: {@code "hello #1"}, ... */
  List<String> echoes() {
    return outLines().stream()
        .filter(line -> ECHO_LINE.matcher(line).matches())
        .map(line -> line.substring(line.indexOf('"')))
        .toList();
  }

  /** The greeting lines' records, in order: {@code Greeting[from=echo-client, text=hello]}, ... */
  List<String> greetings() {
    return outLines().stream()
        .map(GREETING_LINE::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(1))
        .toList();
  }

  /** Waits until the output has at least {@code count} echoes. */
  void awaitEchoes(int count, Duration timeout) {
    Await.until(
        () -> echoes().size() >= count, timeout, () -> count + " echoes in:\n" + out() + err());
  }

  @Override
  public String toString() {
    return "run " + Arrays.toString(args) + "\n--- out:\n" + out() + "--- err:\n" + err();
  }
}
