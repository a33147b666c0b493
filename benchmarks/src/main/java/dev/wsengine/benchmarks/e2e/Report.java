package dev.wsengine.benchmarks.e2e;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of one run against one server, as Markdown: a table of every measurement against its
 * reference, then the engine on each transport beside the raw client of that transport.
 */
final class Report {
  /** The target for the engine against the raw client of its transport. */
  static final double SIDE_TARGET = 0.95;

  /**
   * One transport's cell of the side-by-side table.
   *
   * @param speed the engine's speed ÷ the raw client's: for a rate engine ÷ raw, for a time raw ÷
   *     engine, so that above 1 the engine is faster either way
   */
  record Side(String raw, String engine, double speed) {}

  /** A row of the side-by-side table; {@code targeted} rows are held to {@link #SIDE_TARGET}. */
  private record SideRow(Map<TransportKind, Side> cells, boolean targeted) {}

  record Row(
      String scenario,
      String engine,
      String reference,
      double ratio,
      String target,
      Boolean holds) {}

  private final String server;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, SideRow> sides = new LinkedHashMap<>();

  Report(String server) {
    this.server = server;
  }

  void row(
      String scenario,
      String engine,
      String reference,
      double ratio,
      String target,
      Boolean holds) {
    rows.add(new Row(scenario, engine, reference, ratio, target, holds));
  }

  /**
   * Puts the engine on {@code transport} beside the raw client of that transport in the row {@code
   * scenario} of the side-by-side table.
   */
  void side(String scenario, TransportKind transport, Side side, boolean targeted) {
    sides
        .computeIfAbsent(scenario, s -> new SideRow(new EnumMap<>(TransportKind.class), targeted))
        .cells()
        .put(transport, side);
  }

  void note(String note) {
    notes.add(note);
  }

  List<Row> rows() {
    return rows;
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("Server: ").append(server).append('\n');
    notes.forEach(n -> out.append(n).append('\n'));
    out.append('\n');
    out.append("| scenario | engine | reference | ratio | target | holds? |\n");
    out.append("|---|---:|---:|---:|---|---|\n");
    for (Row row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s |%n",
              row.scenario(),
              row.engine(),
              row.reference(),
              Double.isNaN(row.ratio()) ? "" : String.format(Locale.ROOT, "%.2f×", row.ratio()),
              row.target(),
              row.holds() == null ? "" : row.holds() ? "yes" : "**no**"));
    }
    if (!sides.isEmpty()) {
      out.append('\n');
      out.append(
              "Each transport's engine beside its raw client, same run. Ratio: the engine's speed ÷ the"
                  + " raw client's (rates: engine ÷ raw; times: raw ÷ engine), so above 1 the engine is"
                  + " faster. Target for the engine on JDK: ≥ ")
          .append(String.format(Locale.ROOT, "%.2f", SIDE_TARGET))
          .append("× on the rows marked.\n\n");
      out.append(
          "| scenario | raw Tyrus | engine on Tyrus | ratio | raw JDK | engine on JDK | ratio | JDK ≥ 0.95×? |\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
      sides.forEach(
          (scenario, row) -> {
            out.append("| ").append(scenario);
            for (TransportKind transport : TransportKind.values()) {
              Side side = row.cells().get(transport);
              out.append(
                  side == null
                      ? " | — | — | —"
                      : String.format(
                          Locale.ROOT,
                          " | %s | %s | %.2f×",
                          side.raw(),
                          side.engine(),
                          side.speed()));
            }
            Side jdk = row.cells().get(TransportKind.JDK);
            out.append(" | ")
                .append(
                    !row.targeted() || jdk == null
                        ? ""
                        : jdk.speed() >= SIDE_TARGET ? "yes" : "**no**")
                .append(" |\n");
          });
    }
    return out.toString();
  }
}
