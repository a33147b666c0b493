package dev.wsengine.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.testing.Await;
import dev.wsengine.testing.ThreadCounts;
import dev.wsengine.testing.junit.NoThreadsLeft;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The program end to end: the embedded server, --url, Ctrl-C, --serve, failures. */
class EchoClientMainTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The names of the JDK transport's executor threads ({@code Clients.THREAD_PREFIX}). */
  private static final String JDK_TRANSPORT_THREAD = "wsengine-jdk-";

  private static final Pattern SERVED_AT = Pattern.compile("echo server on (ws://\\S+);");

  /** Every test ends with everything the program started stopped. */
  @RegisterExtension
  static final NoThreadsLeft EVERYTHING_STOPPED =
      NoThreadsLeft.engineThreads()
          .and(ProgramRun.EXAMPLE_THREAD, ProgramRun.EXAMPLE_THREADS)
          .within(TIMEOUT);

  @Test
  void countThree_exchangesThreeMessagesWithTheEmbeddedServerAndPrintsOneMessageTrace()
      throws Exception {
    ProgramRun run = ProgramRun.run("--count", "3", "--interval", "10ms");

    assertEquals(0, run.status(TIMEOUT), run::toString);
    assertEquals(
        List.of("\"hello #1\"", "\"hello #2\"", "\"hello #3\""), run.echoes(), run::toString);
    String out = run.out();
    assertTrue(out.contains("embedded echo server on ws://127.0.0.1:"), out);
    // The typed message: sent as JSON by the Jackson encoder, its echo decoded back to a Greeting.
    assertEquals(List.of("Greeting[from=echo-client, text=hello]"), run.greetings(), run::toString);
    assertTrue(out.contains("  done     3 echoes"), out);
    assertTrue(out.contains("  close    session "), out);
    assertTraceOfOneMessage(out);
    assertEquals("", run.err());
  }

  @Test
  void transportJdk_runsTheSameExchangeOnTheJdkClient() throws Exception {
    ProgramRun run = ProgramRun.start("--transport", "jdk", "--count", "3", "--interval", "10ms");
    run.awaitEchoes(1, TIMEOUT);
    // The JDK transport's HttpClient runs on executor threads of this name (idle ones end after a
    // second; the exchange keeps them busy): the connection is the JDK's, not Tyrus's.
    assertFalse(ThreadCounts.names(JDK_TRANSPORT_THREAD).isEmpty(), run::toString);

    assertEquals(0, run.status(TIMEOUT), run::toString);
    assertEquals(
        List.of("\"hello #1\"", "\"hello #2\"", "\"hello #3\""), run.echoes(), run::toString);
    assertEquals(List.of("Greeting[from=echo-client, text=hello]"), run.greetings(), run::toString);
    String out = run.out();
    assertTrue(out.contains(" over the jdk transport\n"), out);
    assertTrue(out.contains("  done     3 echoes"), out);
    assertTrue(out.contains("  close    session "), out);
    assertTraceOfOneMessage(out);
    assertEquals("", run.err());
  }

  @Test
  void transportTyrus_runsOnTyrus() throws Exception {
    ProgramRun run = ProgramRun.run("--transport", "tyrus", "--count", "2", "--interval", "10ms");

    assertEquals(0, run.status(TIMEOUT), run::toString);
    assertEquals(List.of("\"hello #1\"", "\"hello #2\""), run.echoes(), run::toString);
    assertTrue(run.out().contains(" over the tyrus transport\n"), run::toString);
    assertEquals("", run.err());
  }

  @Test
  void stopRequest_endsTheRunLikeCtrlC_andStillPrintsTheTrace() throws Exception {
    ProgramRun run = ProgramRun.start("--interval", "10ms", "--readers", "1");
    run.awaitEchoes(2, TIMEOUT);

    run.program.requestStop();

    assertEquals(0, run.status(TIMEOUT), run::toString);
    assertTrue(run.out().contains("echoes; stopped (Ctrl-C)"), run::toString);
    assertTraceOfOneMessage(run.out());
  }

  @Test
  void url_talksToThatServerInstead() throws Exception {
    try (EchoServer server = EchoServer.start("127.0.0.1", 0)) {
      ProgramRun run =
          ProgramRun.run("--url", server.uri().toString(), "--count", "2", "--interval", "10ms");

      assertEquals(0, run.status(TIMEOUT), run::toString);
      assertEquals(List.of("\"hello #1\"", "\"hello #2\""), run.echoes(), run::toString);
      assertTrue(run.out().contains("  connect  " + server.uri()), run::toString);
      assertFalse(run.out().contains("embedded echo server"), run::toString);
    }
  }

  @Test
  void serve_runsOnlyTheServer_untilStopped() throws Exception {
    ProgramRun server = ProgramRun.start("--serve", "127.0.0.1:0");
    Await.until(() -> SERVED_AT.matcher(server.out()).find(), TIMEOUT, server::toString);
    Matcher servedAt = SERVED_AT.matcher(server.out());
    assertTrue(servedAt.find());
    URI uri = URI.create(servedAt.group(1));

    ProgramRun client =
        ProgramRun.run("--url", uri.toString(), "--count", "1", "--interval", "10ms");
    assertEquals(0, client.status(TIMEOUT), client::toString);
    assertEquals(List.of("\"hello #1\""), client.echoes(), client::toString);

    server.program.requestStop();
    assertEquals(0, server.status(TIMEOUT), server::toString);
    assertTrue(server.out().contains("  stopped  echo server"), server::toString);
  }

  @Test
  void unreachableUrl_failsWithStatusOne() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + closedPort + "/echo";

    ProgramRun run = ProgramRun.run("--url", url, "--count", "1");

    assertEquals(1, run.status(TIMEOUT), run::toString);
    assertTrue(
        run.err().startsWith("echo-client: could not connect to " + url + ": "), run::toString);
    assertTrue(run.out().contains("no message was received"), run::toString);
  }

  @Test
  void lostServer_reconnectsAFewTimes_thenGivesUpWithStatusOne() throws Exception {
    EchoServer server = EchoServer.start("127.0.0.1", 0);
    ProgramRun run;
    try {
      run = ProgramRun.start("--url", server.uri().toString(), "--interval", "10ms");
      run.awaitEchoes(1, TIMEOUT);
    } finally {
      server.close();
    }

    assertEquals(1, run.status(TIMEOUT), run::toString);
    String out = run.out();
    assertTrue(out.contains("  close    session "), out);
    assertTrue(out.contains("  retry    reconnect attempt 5 failed: "), out);
    assertFalse(out.contains("reconnect attempt 6"), out);
    assertTrue(out.contains("echoes; gave up reconnecting"), out);
  }

  @Test
  void restartedServer_reconnectsAndGoesOnFromTheMessageItLost() throws Exception {
    EchoServer first = EchoServer.start("127.0.0.1", 0);
    URI uri = first.uri();
    ProgramRun run;
    try {
      run = ProgramRun.start("--url", uri.toString(), "--interval", "10ms", "--readers", "1");
      run.awaitEchoes(2, TIMEOUT);
    } finally {
      first.close();
    }
    try (EchoServer again = EchoServer.start("127.0.0.1", uri.getPort())) {
      Await.until(() -> run.out().contains("reconnected"), TIMEOUT, run::toString);
      int before = run.echoes().size();
      run.awaitEchoes(before + 2, TIMEOUT);
      // Each session greets: the new one says so.
      Await.until(
          () -> run.greetings().contains("Greeting[from=echo-client, text=hello again]"),
          TIMEOUT,
          run::toString);
      run.program.requestStop();
      assertEquals(0, run.status(TIMEOUT), run::toString);
    }

    // Numbered by the echo they wait for: no number is skipped or repeated across the outage.
    List<String> echoes = run.echoes();
    for (int i = 0; i < echoes.size(); i++) {
      assertEquals("\"hello #" + (i + 1) + "\"", echoes.get(i), run::toString);
    }
  }

  @Test
  void help_printsTheUsageWithStatusZero() throws Exception {
    ProgramRun run = ProgramRun.run("--help");

    assertEquals(0, run.status(TIMEOUT));
    assertTrue(run.out().startsWith("usage: java -jar echo-client.jar"), run::toString);
    assertEquals("", run.err());
  }

  /** The picture: a websocket.read root, its on_message callback, and the next send under that. */
  private static void assertTraceOfOneMessage(String out) {
    List<String> lines = List.of(out.split("\n"));
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("trace [0-9a-f]{32} \\(one received message\\)")) {
        header = i;
      }
    }
    assertTrue(header >= 0, "no trace header in:\n" + out);
    assertTrue(header + 3 < lines.size(), out);
    assertTrue(
        lines
            .get(header + 1)
            .matches(
                "websocket\\.read \\[consumer\\]  \\d+\\.\\d\\d ms  wsengine\\.session\\.id=[0-9a-f-]{36}"
                    + "  wsengine\\.reader\\.id=\\d+  websocket\\.message\\.type=text  websocket\\.message\\.size=8"),
        out);
    assertTrue(
        lines
            .get(header + 2)
            .matches(
                "└─ wsengine\\.callback\\.on_message  \\d+\\.\\d\\d ms  at \\+\\d+\\.\\d\\d ms"),
        out);
    assertTrue(
        lines
            .get(header + 3)
            .matches(
                "   └─ websocket\\.write \\[producer\\]  \\d+\\.\\d\\d ms  at \\+\\d+\\.\\d\\d ms  wsengine\\.session\\.id=.*"),
        out);
  }
}
