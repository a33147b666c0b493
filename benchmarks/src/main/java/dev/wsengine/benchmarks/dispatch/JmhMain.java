package dev.wsengine.benchmarks.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link DispatchBenchmark} and {@link DispatchWithWorkBenchmark} (2 forks, 3 × 1 s warmup, 5
 * × 1 s measurement: about three minutes) and {@link TypedMessageBenchmark} (5 forks, 4 × 1 s
 * warmup, 4 × 1 s measurement: about four minutes more), with JMH's GC profiler for the bytes
 * allocated per call; then prints each dispatch contender against the direct call to the same
 * handler, and the typed message against the same message decoded by hand. {@code --only
 * dispatch,typed} picks which; {@code --quick} makes it one fork of short iterations, for a smoke
 * run; any other arguments are JMH's own ({@code -f}, {@code -wi}, {@code -i}, {@code -prof stack},
 * ...), which win over the defaults.
 */
public final class JmhMain {
  /** The contenders that must stay within this factor of the direct call. */
  static final double TARGET = 1.1;

  /** Typed messages must keep at least this share of the by-hand throughput (issue 14). */
  static final double TYPED_TARGET = 0.95;

  /** The benchmark groups {@code --only} picks from, and the classes they run. */
  private static final Map<String, String> GROUPS =
      Map.of(
          "dispatch", "dev\\.wsengine\\.benchmarks\\.dispatch\\.Dispatch",
          "typed", "dev\\.wsengine\\.benchmarks\\.dispatch\\.TypedMessageBenchmark\\.");

  private static final String ALLOCATION = "gc.alloc.rate.norm";

  /** Bytes per message under which two allocations count as the same: half the smallest object. */
  static final int ALLOCATION_TOLERANCE = 8;

  private JmhMain() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>(List.of("dispatch", "typed"));
    List<String> jmhArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--quick")) {
        quick = true;
      } else if (args[i].equals("--only")) {
        if (i + 1 == args.length) {
          throw new IllegalArgumentException("--only needs a value");
        }
        only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",", -1)));
        for (String group : only) {
          if (!GROUPS.containsKey(group)) {
            throw new IllegalArgumentException("--only takes dispatch,typed; got " + group);
          }
        }
      } else {
        jmhArgs.add(args[i]);
      }
    }
    CommandLineOptions command = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    ChainedOptionsBuilder options = new OptionsBuilder();
    for (String group : only) {
      options.include(GROUPS.get(group));
    }
    if (command.getProfilers().stream().map(ProfilerConfig::getKlass).noneMatch(JmhMain::isGc)) {
      options.addProfiler(GCProfiler.class);
    }
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
    System.out.println(typedTable(results));
  }

  private static boolean isGc(String profiler) {
    return profiler.equals("gc") || profiler.equals(GCProfiler.class.getName());
  }

  static String table(Collection<RunResult> results) {
    Map<String, double[]> byName = new LinkedHashMap<>();
    for (RunResult result : results) {
      String[] parts = result.getParams().getBenchmark().split("\\.", -1);
      String benchmarkClass = parts[parts.length - 2];
      if (!benchmarkClass.startsWith("Dispatch")) {
        continue;
      }
      String handlerBody = benchmarkClass.equals("DispatchBenchmark") ? "empty body" : "small body";
      String label = handlerBody + ": " + parts[parts.length - 1];
      byName.put(
          label,
          new double[] {
            result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()
          });
    }
    if (byName.isEmpty()) {
      return "";
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

  /**
   * {@link TypedMessageBenchmark}: each call's messages per second as a share of {@code byHand}'s
   * (the inverse ratio of their times), and the bytes each allocates per message: the mean, and the
   * least and most of any iteration. Forks of the same benchmark can differ by a whole object
   * (escape analysis removes it in one fork and not in another), so the allocation target compares
   * the most, with a tolerance of {@value #ALLOCATION_TOLERANCE} bytes: less than the smallest
   * object, so one more object per message fails it.
   */
  static String typedTable(Collection<RunResult> results) {
    Map<String, double[]> byName = new LinkedHashMap<>();
    for (RunResult result : results) {
      String[] parts = result.getParams().getBenchmark().split("\\.", -1);
      if (!parts[parts.length - 2].equals("TypedMessageBenchmark")) {
        continue;
      }
      Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
      byName.put(
          parts[parts.length - 1],
          new double[] {
            result.getPrimaryResult().getScore(),
            result.getPrimaryResult().getScoreError(),
            allocation == null ? Double.NaN : allocation.getScore(),
            allocation == null ? Double.NaN : allocation.getStatistics().getMin(),
            allocation == null ? Double.NaN : allocation.getStatistics().getMax()
          });
    }
    if (byName.isEmpty()) {
      return "";
    }
    double[] reference = byName.get("byHand");
    StringBuilder out = new StringBuilder();
    out.append(
        "\n| JSON tick, call | ns/op | ± (99.9%) | msgs/s ÷ by hand | B/op (least–most) | target |"
            + " holds? |\n");
    out.append("|---|---:|---:|---:|---:|---|---|\n");
    byName.forEach(
        (name, score) -> {
          boolean targeted = name.startsWith("typed") && reference != null;
          double ratio = reference == null ? Double.NaN : reference[0] / score[0];
          boolean holds =
              targeted && ratio >= TYPED_TARGET && score[4] <= reference[4] + ALLOCATION_TOLERANCE;
          out.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %.1f | %.1f | %.3f× | %.0f (%.0f–%.0f) | %s | %s |%n",
                  name,
                  score[0],
                  score[1],
                  ratio,
                  score[2],
                  score[3],
                  score[4],
                  targeted
                      ? "≥ " + TYPED_TARGET + "×, most B/op ≤ by hand"
                      : name.equals("byHand") ? "reference" : "",
                  targeted ? (holds ? "yes" : "no") : ""));
        });
    return out.toString();
  }
}
