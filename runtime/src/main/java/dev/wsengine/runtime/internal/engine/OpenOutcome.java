package dev.wsengine.runtime.internal.engine;

/**
 * How one {@link OpenAttempt} ended, as the supervisor sees it once the attempt's task has
 * returned. Immutable.
 */
sealed interface OpenOutcome {
  /**
   * {@code @OnOpen} returned: {@code session} is the engine's current session. {@code stopping}:
   * {@code stop()} landed just as {@code @OnOpen} returned, so the session is already ending (it
   * still gets its {@code @OnClose}).
   */
  record Opened(Session session, boolean stopping) implements OpenOutcome {}

  /**
   * The dial, the handshake or {@code @OnOpen} failed, or the open timeout passed ({@code
   * timedOut}; then {@code error} is the transport's error or a {@code TimeoutException}). {@code
   * dialed}: the connection was up, so it was {@code @OnOpen} that failed. The connection, if any,
   * is closed. Reported to {@code @OnRestartError} on a reconnect.
   */
  record Failed(Throwable error, boolean timedOut, boolean dialed) implements OpenOutcome {}

  /** The executor refused the attempt's task: nothing was dialed. */
  record NotStarted(RuntimeException refused) implements OpenOutcome {}

  /**
   * The engine stops ({@code exit()}, {@code stop()}): the attempt was cut short, or its outcome is
   * not used. {@code error}: how the dial or {@code @OnOpen} had failed before the stop was seen,
   * else null ({@code dialed} as in {@link Failed}). {@code calledExit}: {@code @OnOpen} itself
   * called {@code exit()}. Not reported to {@code @OnRestartError}.
   */
  record Stopped(Throwable error, boolean dialed, boolean calledExit) implements OpenOutcome {}
}
