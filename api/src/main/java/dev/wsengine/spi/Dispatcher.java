package dev.wsengine.spi;

import dev.wsengine.CloseStatus;
import java.nio.ByteBuffer;

/**
 * Calls the callbacks of one handler object. SPI: implemented by the classes the annotation
 * processor generates ({@code Foo_Dispatcher} for a handler class {@code Foo}, in the same package,
 * with a public constructor taking the handler) and by the runtime's fallback; called by the
 * engine.
 *
 * <p>A callback the handler does not declare does nothing (the default methods). Every method may
 * throw whatever the handler method throws; the engine decides what that means.
 *
 * <p>Threads: the engine may call {@link #onText} and {@link #onBinary} from several reader threads
 * at once; a dispatcher holds no mutable state, so that is safe as far as the dispatcher goes.
 *
 * @param <H> the handler class
 */
public interface Dispatcher<H> {
  /** The handler object this dispatcher calls. */
  H handler();

  /** Whether the handler has an {@code @OnMessage} method that receives text messages. */
  default boolean acceptsText() {
    return false;
  }

  /** Whether the handler has an {@code @OnMessage} method that receives binary messages. */
  default boolean acceptsBinary() {
    return false;
  }

  /** Calls the {@code @OnOpen} method, if any. */
  default void onOpen(CallbackScope scope) throws Exception {}

  /**
   * Calls the {@code @OnMessage} method that receives text, and sends its reply, if any.
   *
   * @throws UnsupportedOperationException if {@link #acceptsText()} is false
   */
  default void onText(String message, CallbackScope scope) throws Exception {
    throw new UnsupportedOperationException(
        getClass().getName() + " has no text @OnMessage method");
  }

  /**
   * Calls the {@code @OnMessage} method that receives binary messages, and sends its reply, if any.
   * The caller hands the buffer over: a read-only view it does not use again, which a {@code
   * ByteBuffer} parameter receives as it is (no copy on the message path), so the handler may move
   * its position.
   *
   * @throws UnsupportedOperationException if {@link #acceptsBinary()} is false
   */
  default void onBinary(ByteBuffer message, CallbackScope scope) throws Exception {
    throw new UnsupportedOperationException(
        getClass().getName() + " has no binary @OnMessage method");
  }

  /**
   * Calls the {@code @OnMessage} method for an object one of the handler's decoders produced: the
   * method whose parameter type is the most specific supertype of the object's class, and sends its
   * reply, if any. Generated code tests the types most specific first, so the first match is it.
   *
   * @return false if no method takes the object, so that the engine gives the raw message to the
   *     method for its kind, if any
   */
  default boolean onDecoded(Object message, CallbackScope scope) throws Exception {
    return false;
  }

  /**
   * Calls the {@code @OnClose} method, if any.
   *
   * @return the status the handler wants sent, or {@code null} for the default
   */
  default CloseStatus onClose(CallbackScope scope) throws Exception {
    return null;
  }

  /** Calls the {@code @OnReadError} method, if any. */
  default void onReadError(CallbackScope scope) throws Exception {}

  /** Calls the {@code @OnCloseError} method, if any. */
  default void onCloseError(CallbackScope scope) throws Exception {}

  /** Calls the {@code @OnRestartError} method, if any. */
  default void onRestartError(CallbackScope scope) throws Exception {}
}
