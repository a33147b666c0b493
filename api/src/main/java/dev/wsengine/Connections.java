package dev.wsengine;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** The default async sends of {@link Connection}: a blocking send, as a future. */
final class Connections {
  private Connections() {}

  /** A blocking send made on the calling thread. */
  interface Send {
    void run() throws IOException;
  }

  /**
   * Runs {@code send} now; a future completed, or failed with what it threw. Null arguments (a
   * programming error) still throw.
   */
  static CompletableFuture<Void> completed(Send send) {
    try {
      send.run();
      return CompletableFuture.completedFuture(null);
    } catch (NullPointerException | IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
