package dev.wsengine;

/**
 * Control over the engine that runs a handler, for use from inside callbacks (it is also safe from
 * any other thread).
 *
 * <p>Valid for the life of the engine; calls after the engine stopped do nothing ({@link #pause()}
 * throws {@link IllegalStateException}).
 */
public interface EngineControl {
  /**
   * Ends the current session and reconnects, as if the connection had dropped: {@link OnClose}
   * runs, the connection is closed, and the engine re-dials with its reconnect policy. Returns at
   * once; takes effect promptly even when no message arrives. Messages received but not yet
   * dispatched are discarded.
   */
  void restart();

  /**
   * Ends the current session and stops the engine without reconnecting. Returns at once; takes
   * effect promptly even when no message arrives. Messages received but not yet dispatched are
   * discarded.
   */
  void exit();

  /**
   * Stops the readers and returns once none of them is reading, so the caller has the connection to
   * itself until it closes the returned {@link Pause}. Returns promptly even on a silent
   * connection; no message is lost or reordered. Works from inside callbacks (including {@link
   * OnMessage} and {@link OnReadError}) and from any thread.
   *
   * <p>While the engine is starting or restarting (from {@link OnOpen}, say) the pause holds the
   * readers of the session being opened: none reads until it is closed.
   *
   * @throws IllegalStateException if the engine is new, stopping or stopped
   */
  Pause pause();
}
