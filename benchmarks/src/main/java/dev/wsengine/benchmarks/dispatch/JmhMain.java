package dev.wsengine.benchmarks.dispatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DispatchBenchmark} and {@link DispatchWithWorkBenchmark} with their defaults (2
 * forks, 3 × 1 s warmup, 5 × 1 s measurement: about three minutes), then prints each contender
 * against the direct call to the same handler. {@code --quick} makes it one fork of short
 * iterations, for a smoke run; any other arguments are JMH's own ({@code -f}, {@code -wi}, {@code
 * -i}, {@code -prof gc}, ...), which win over the defaults.
 */
public final class JmhMain {
  /** The contenders that must stay within this factor of the direct call. */
  static final double TARGET = 1.1;

  private JmhMain() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    List<String> jmhArgs = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--quick")) {
        quick = true;
      } else {
        jmhArgs.add(arg);
      }
    }
    CommandLineOptions command = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    ChainedOptionsBuilder options =
        new OptionsBuilder().include(DispatchBenchmark.class.getPackageName() + ".Dispatch");
    if (quick) {
      options
          .forks(1)
          .warmupIterations(2)
          .warmupTime(TimeValue.milliseconds(300))
          .measurementIterations(3)
          .measurementTime(TimeValue.milliseconds(300));
    }
    Collection<RunResult> results = new Runner(options.parent(command).build()).run();
    System.out.println(table(results));
  }

  static String table(Collection<RunResult> results) {
    Map<String, double[]> byName = new LinkedHashMap<>();
    for (RunResult result : results) {
      String[] parts = result.getParams().getBenchmark().split("\\.", -1);
      String handlerBody =
          parts[parts.length - 2].equals("DispatchBenchmark") ? "empty body" : "small body";
      String label = handlerBody + ": " + parts[parts.length - 1];
      byName.put(
          label,
          new double[] {
            result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()
          });
    }
    StringBuilder out = new StringBuilder();
    out.append(
        "\n| handler, call | ns/op | ± (99.9%) | − direct (ns) | ÷ direct | target | holds? |\n");
    out.append("|---|---:|---:|---:|---:|---|---|\n");
    byName.forEach(
        (name, score) -> {
          double[] direct = byName.get(name.substring(0, name.indexOf(':')) + ": direct");
          boolean targeted = name.endsWith(": generated") || name.endsWith(": byteBuddy");
          double ratio = direct == null ? Double.NaN : score[0] / direct[0];
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %.2f | %.2f | %+.2f | %.2f× | %s | %s |%n",
                  name,
                  score[0],
                  score[1],
                  direct == null ? Double.NaN : score[0] - direct[0],
                  ratio,
                  targeted ? "≤ " + TARGET + "×" : "reference",
                  targeted ? (ratio <= TARGET ? "yes" : "no") : ""));
        });
    return out.toString();
  }
}
