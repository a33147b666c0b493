package dev.wsengine;

/**
 * A hold on the connection, from {@link EngineControl#pause()}: while it is held no reader reads,
 * and the holder may call {@link Connection#receive(java.time.Duration)}.
 *
 * <p>Use it in try-with-resources. {@link #close()} resumes the readers; it is idempotent and may
 * be called from any thread.
 */
public interface Pause extends AutoCloseable {
  /** Resumes reading. Calling it again does nothing. */
  @Override
  void close();
}
