package dev.wsengine.benchmarks.e2e;

/**
 * What the client does with each message: the same code for both contenders, so they differ only in
 * what delivers the message. A non-null return is sent back (the engine's {@code @OnMessage} reply;
 * the raw client sends it itself).
 */
@FunctionalInterface
interface Behaviour {
  String onText(String text);

  /**
   * A reconnect finished: the engine's {@code @OnOpen(restarting = true)}, the raw client's reopen.
   */
  default void reopened() {}

  /** The session ended: the engine's {@code @OnClose}, the raw client's {@code onClose}. */
  default void closed() {}
}
