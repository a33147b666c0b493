package dev.wsengine.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.benchmarks.e2e.EndToEndSmoke;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every end-to-end scenario once with tiny sizes, on both transports, so that a change that
 * breaks a scenario fails the build. Asserts nothing about speed: the build machine is no benchmark
 * machine.
 */
class EndToEndSmokeTest {
  @Test
  @Timeout(120)
  void everyScenarioRunsAndReports() throws Exception {
    List<String> scenarios = EndToEndSmoke.runTiny();
    assertEquals(
        List.of("push", "echo", "scaling", "tracing", "reconnect", "memory", "json", "requests"),
        scenarios);
    String table = EndToEndSmoke.lastTable();
    for (String on : List.of("on Tyrus", "on JDK")) {
      for (String row :
          List.of(
              "| server push " + on + ", readers=1",
              "| server push " + on + ", readers=4",
              "| sequential echo " + on,
              "| echo latency p50 " + on,
              "| reader scaling " + on,
              "| tracing " + on,
              "| reconnect " + on,
              "| retained heap over 2,000 messages, engine " + on,
              "| JSON ticks " + on + ", readers=1",
              "| JSON ticks " + on + ": allocated per message",
              "| JSON ticks " + on + ": CPU per message",
              "| requests " + on + ", readers=1",
              "| request latency p50 " + on,
              "| request latency p99 " + on,
              "| requests by hand over sendTextAsync " + on,
              "| sends " + on + ": sendTextAsync × 500")) {
        assertTrue(table.contains(row), () -> "no '" + row + "' row in\n" + table);
      }
    }
    // The engine on each transport beside the raw client of that transport, in one table.
    assertTrue(
        table.contains(
            "| scenario | raw Tyrus | engine on Tyrus | ratio | raw JDK | engine on JDK | ratio |"),
        table);
    for (String row :
        List.of(
            "| server push, readers=1 (msg/s) | ",
            "| sequential echo, readers=1 (round trips/s) | ",
            "| reconnect, median (ms) | ")) {
      assertTrue(table.contains(row), () -> "no '" + row + "' side-by-side row in\n" + table);
      assertFalse(
          table.substring(table.indexOf(row)).lines().findFirst().orElseThrow().contains("—"),
          () -> "a transport missing from '" + row + "' in\n" + table);
    }
  }
}
