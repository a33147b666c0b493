package dev.wsengine.benchmarks;

import dev.wsengine.benchmarks.dispatch.JmhMain;
import dev.wsengine.benchmarks.e2e.EndToEnd;
import java.util.Arrays;

/**
 * {@code java -jar benchmarks.jar [options]} runs the end-to-end benchmark ({@link EndToEnd});
 * {@code java -jar benchmarks.jar jmh [JMH options]} runs the dispatch microbenchmarks ({@link
 * JmhMain}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      JmhMain.main(Arrays.copyOfRange(args, 1, args.length));
    } else {
      EndToEnd.main(args);
    }
  }
}
