package dev.wsengine.runtime;

/**
 * Sets the headers and subprotocols of each opening handshake just before it is made: a fresh
 * token, a signed timestamp. The engine calls it before every dial, the first one in {@link
 * WebSocketEngine#start()} and every reconnect attempt, with the engine's {@link
 * dev.wsengine.spi.ConnectOptions} as they were built; what it changes holds for that attempt only.
 *
 * <pre>{@code
 * WebSocketEngine.builder(uri, handler)
 *     .beforeHandshake(request -> request.setHeader("Authorization", "Bearer " + tokens.fresh()))
 *     .build();
 * }</pre>
 *
 * <p>Threads: called on the thread that makes the attempt (an engine thread, or the caller of
 * {@code start()}), one attempt at a time, inside the attempt's {@code websocket.connect} span. It
 * may block, say to fetch a token: the open timeout bounds it together with the dial and
 * {@code @OnOpen}, and when the attempt is cut short (the timeout, {@code stop()}, {@code exit()})
 * its thread is interrupted.
 *
 * <p>Secrets: the values it sets are kept out of span events, exception messages and the Tyrus
 * transport's log records, as the values of {@code ConnectOptions} headers are.
 */
@FunctionalInterface
public interface HandshakeHook {
  /**
   * Prepares one attempt's handshake.
   *
   * @param request the attempt's handshake, valid only during this call
   * @throws Exception to fail the attempt: {@code start()} then throws {@link EngineStartException}
   *     with this as its cause, and a reconnect attempt goes to {@code @OnRestartError} with this
   *     as its error, after which the engine backs off and tries again as its {@link
   *     ReconnectPolicy} says
   */
  void beforeHandshake(HandshakeRequest request) throws Exception;
}
