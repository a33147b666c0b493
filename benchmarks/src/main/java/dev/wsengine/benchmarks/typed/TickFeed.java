package dev.wsengine.benchmarks.typed;

import java.util.Locale;

/**
 * The JSON ticks the benchmarks decode: {@value #CYCLE} distinct texts (symbols, prices and
 * timestamps vary, so no parse is the same twice in a row), each with one property that {@link
 * Tick} does not have ({@code venue}), so ignoring unknown properties is exercised on both sides.
 * About 75 bytes each.
 */
public final class TickFeed {
  /** How many distinct texts there are; a power of two. */
  public static final int CYCLE = 1024;

  private static final String[] SYMBOLS = {
    "AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "BRK.B", "JPM", "V", "BTC-USD"
  };
  private static final String[] TEXTS = new String[CYCLE];

  static {
    for (int i = 0; i < CYCLE; i++) {
      TEXTS[i] =
          String.format(
              Locale.ROOT,
              "{\"symbol\":\"%s\",\"price\":%.2f,\"ts\":%d,\"venue\":\"%s\"}",
              SYMBOLS[i % SYMBOLS.length],
              100 + (i * 7919 % 100_000) / 100.0,
              ts(i),
              i % 2 == 0 ? "XNAS" : "XNYS");
    }
  }

  private TickFeed() {}

  /** The text of tick {@code i} (texts repeat every {@value #CYCLE} ticks). */
  public static String json(long i) {
    return TEXTS[(int) (i & (CYCLE - 1))];
  }

  /** The {@code ts} in {@link #json(long) json(i)}. */
  public static long ts(long i) {
    return 1_700_000_000_000L + (i & (CYCLE - 1));
  }

  /** The sum of {@code ts} over ticks {@code 0} to {@code count - 1}: what a run must add up to. */
  public static long tsSum(long count) {
    long sum = 0;
    for (long i = 0; i < count; i++) {
      sum += ts(i);
    }
    return sum;
  }
}
