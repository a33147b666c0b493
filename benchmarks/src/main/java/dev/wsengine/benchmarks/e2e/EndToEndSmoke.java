package dev.wsengine.benchmarks.e2e;

import java.util.List;

/**
 * For the smoke test: every scenario once, with {@link EndToEnd.Sizes#TINY} sizes and one round, on
 * both transports.
 */
public final class EndToEndSmoke {
  private static volatile String lastTable = "";

  private EndToEndSmoke() {}

  /** Runs them all against the embedded server and returns the scenarios run, in order. */
  public static List<String> runTiny() throws Exception {
    EndToEnd.Options options =
        new EndToEnd.Options(
            EndToEnd.Sizes.TINY,
            1,
            null,
            new java.util.LinkedHashSet<>(EndToEnd.SCENARIOS),
            List.of(TransportKind.values()),
            EndToEnd.CONNECTIONS);
    List<Report> reports = EndToEnd.run(options);
    lastTable = reports.get(0).markdown();
    return List.copyOf(options.only());
  }

  public static String lastTable() {
    return lastTable;
  }
}
