package dev.wsengine.runtime;

/**
 * Stops an engine when a try-with-resources block ends, as {@code finally { engine.stop(); }}
 * would, except that a stop that fails after the block failed is attached to the block's failure
 * (suppressed) instead of replacing it: the report shows what went wrong first.
 *
 * <pre>{@code
 * engine.start();
 * try (Stopping stopping = Stopping.at(engine)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The resource is not referenced in the block, which {@code -Xlint:try} reports; classes using
 * it suppress {@code "try"}.
 */
final class Stopping implements AutoCloseable {
  private final WebSocketEngine engine;

  private Stopping(WebSocketEngine engine) {
    this.engine = engine;
  }

  static Stopping at(WebSocketEngine engine) {
    return new Stopping(engine);
  }

  /** {@link WebSocketEngine#stop()}: does nothing if the engine is already stopped. */
  @Override
  public void close() {
    engine.stop();
  }
}
