package dev.wsengine.tyrus.testing;

/** Heap figures for the memory tests. */
public final class Heap {
  public static final long MIB = 1024 * 1024;

  private Heap() {}

  /** Heap in use after asking for full collections: what is still referenced. */
  @SuppressWarnings("SystemGC") // the point: measure what survives a collection
  public static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    // A few rounds: one collection can leave garbage that a reference queue frees only later.
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }

  /** The JVM's maximum heap. */
  public static long max() {
    return Runtime.getRuntime().maxMemory();
  }
}
