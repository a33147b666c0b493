package dev.wsengine.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results of one run against one server, as a Markdown table. */
final class Report {
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
    return out.toString();
  }
}
