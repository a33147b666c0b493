package dev.wsengine.example.echo;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which threads are alive, by name prefix: how the tests prove that the program stopped
 * everything it started. (The runtime's test helper of the same name, cut down.)
 */
final class ThreadCounts {
  /** The engine's threads, the echo server's and the client's timer. */
  static final List<String> PROGRAM_THREADS = List.of("wsengine-", "echo-server-", "echo-client-");

  private ThreadCounts() {}

  /** The names of the live threads whose names start with one of {@code prefixes}, sorted. */
  static List<String> names(List<String> prefixes) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> prefixes.stream().anyMatch(name::startsWith))
        .sorted()
        .collect(Collectors.toList());
  }

  /** Returns once no thread of the program is alive; fails after {@code timeout} naming them. */
  static void awaitNoProgramThreads(Duration timeout) {
    Await.until(
        () -> names(PROGRAM_THREADS).isEmpty(),
        timeout,
        () -> "no threads named " + PROGRAM_THREADS + "*; still alive: " + names(PROGRAM_THREADS));
  }
}
