package dev.wsengine.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scale scenario at N = 20 with {@link ScaleSettings#TINY} settings: the server and each
 * contender in child JVMs, as the real run has them, so that a change that breaks the scenario
 * fails the build. Asserts that every contender held every connection and that the table shows it;
 * nothing about speed.
 */
class ScaleSmokeTest {
  private static final int N = 20;

  @Test
  @Timeout(300)
  void everyContenderHoldsTwentyConnectionsInItsOwnJvm() throws Exception {
    String table = Scale.run(List.of(N), List.of(TransportKind.values()), ScaleSettings.TINY);

    for (ScaleContender contender : ScaleContender.values()) {
      String row = "| " + contender.label + " | " + N + " | " + N + " | ";
      assertTrue(table.contains(row), () -> "no '" + row + "' row in\n" + table);
      String line = table.substring(table.indexOf(row)).lines().findFirst().orElseThrow();
      assertFalse(line.contains("failed"), () -> line);
      assertTrue(line.endsWith("|  |"), () -> "notes on a healthy row: " + line);
    }
    assertTrue(table.contains("a ping per connection every 0.25 s"), table);
  }

  @Test
  void oneTransport_itsTwoContenders() {
    assertEquals(
        List.of(ScaleContender.RAW_JDK, ScaleContender.ENGINE_JDK),
        ScaleContender.on(List.of(TransportKind.JDK)));
    assertEquals(
        List.of(ScaleContender.RAW_TYRUS, ScaleContender.ENGINE_TYRUS),
        ScaleContender.on(List.of(TransportKind.TYRUS)));
  }

  @Test
  void childArguments_roundTrip() {
    ScaleSettings full = ScaleSettings.FULL;
    ScaleSettings back = ScaleSettings.fromChildArgs(full.childArgs().toArray(new String[0]), 0);
    assertEquals(full.idle(), back.idle());
    assertEquals(full.keepalive(), back.keepalive());
    assertEquals(full.pongTimeout(), back.pongTimeout());
    assertEquals(full.callers(), back.callers());
    assertEquals(full.connectDeadline(), back.connectDeadline());
    assertEquals(full.stopDeadline(), back.stopDeadline());
    assertEquals(full.maxThreads(), back.maxThreads());
  }

  @Test
  void resultLine_parsed() {
    assertEquals(
        Map.of("n", "20", "error", "java.io.IOException: a=b"),
        Scale.parse("RESULT\tn=20\terror=java.io.IOException: a=b"));
  }

  @Test
  void unknownContender_namesWhatItTakes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ScaleContender.parse("netty"));
    assertEquals(
        "contender takes raw-jdk, raw-tyrus, engine-jdk, engine-tyrus; got netty", e.getMessage());
  }
}
