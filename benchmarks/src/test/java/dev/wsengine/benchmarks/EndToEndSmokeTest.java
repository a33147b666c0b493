package dev.wsengine.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsengine.benchmarks.e2e.EndToEndSmoke;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every end-to-end scenario once with tiny sizes, so that a change that breaks a scenario
 * fails the build. Asserts nothing about speed: the build machine is no benchmark machine.
 */
class EndToEndSmokeTest {
  @Test
  @Timeout(120)
  void everyScenarioRunsAndReports() throws Exception {
    List<String> scenarios = EndToEndSmoke.runTiny();
    assertEquals(
        List.of("push", "echo", "scaling", "tracing", "reconnect", "memory", "json"), scenarios);
    String table = EndToEndSmoke.lastTable();
    for (String row :
        List.of(
            "server push",
            "sequential echo",
            "reader scaling",
            "tracing",
            "reconnect",
            "retained heap",
            "JSON ticks, readers=1",
            "JSON ticks: allocated per message",
            "JSON ticks: CPU per message")) {
      assertTrue(table.contains(row), () -> "no '" + row + "' row in\n" + table);
    }
  }
}
